/** Every simulator records what it received, so tests can assert the exact requests sent. */

export interface JournalEntry {
  body: string
  headers: Record<string, string | string[] | undefined>
  method: string
  /** Path and query for HTTP; the command name for cgminer RPC. */
  path: string
  /** For cgminer RPC: the parameter string, if any. */
  protocol: 'http' | 'rpc'
  time: number
}

export class Journal {
  readonly entries: JournalEntry[] = []

  clear(): void {
    this.entries.length = 0
  }

  /** Entries that changed something (anything but GET/read commands), for "dry-run sent nothing" checks. */
  writes(): JournalEntry[] {
    return this.entries.filter((entry) => (entry.protocol === 'http' ? entry.method !== 'GET' : false) || entry.method === 'WRITE')
  }

  record(entry: Omit<JournalEntry, 'time'>): void {
    this.entries.push({...entry, time: Date.now()})
  }
}

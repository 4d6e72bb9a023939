/**
 * A bounded work queue that accepts work while it runs: the sweep re-queues silent hosts for their retry
 * as soon as their first probes time out, and the scan queues identifications as responders appear.
 */
export interface WorkQueue {
  add(task: () => Promise<void>): void
  /** Resolves once every task added so far, and every task those added, has finished. */
  drain(): Promise<void>
}

export function createWorkQueue(limit: number): WorkQueue {
  const pending: Array<() => Promise<void>> = []
  let head = 0
  let active = 0
  let idle: (() => void) | undefined
  const pump = () => {
    while (active < limit && head < pending.length) {
      const task = pending[head++]!
      active++
      task()
        .catch(() => undefined)
        .finally(() => {
          active--
          pump()
          if (active === 0 && head === pending.length) idle?.()
        })
    }
  }
  return {
    add(task) {
      pending.push(task)
      pump()
    },
    drain() {
      if (active === 0 && head === pending.length) return Promise.resolve()
      return new Promise((resolve) => {
        idle = resolve
      })
    },
  }
}

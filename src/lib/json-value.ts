/** A parsed JSON object (not null, not an array): the first check on anything a device or API sends. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Small readers for the JSON the Braiins OS APIs answer with. */
import {isRecord} from '../../net/cgminer.js'

/** The parsed value, or undefined when the text is not JSON. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The value at `path` inside nested objects, or undefined. */
export function pointer(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), value)
}

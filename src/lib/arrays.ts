/**
 * Array helpers safe at any size. Spreading an array into arguments (`Math.max(...values)`,
 * `list.push(...items)`) overflows the stack past about 100,000 items: a device reply, a pool or an
 * inventory can be that large, so such spreads are written with these loops instead.
 */

/** The largest value, or null when there is none. */
export function maxOf(values: Iterable<number>): number | null {
  let largest: number | null = null
  for (const value of values) if (largest === null || value > largest) largest = value
  return largest
}

/** The smallest value, or null when there is none. */
export function minOf(values: Iterable<number>): number | null {
  let smallest: number | null = null
  for (const value of values) if (smallest === null || value < smallest) smallest = value
  return smallest
}

/** Appends every item to `target` (in place) and returns it. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item)
  return target
}

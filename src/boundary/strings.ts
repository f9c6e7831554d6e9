/**
 * A copy of a JSON-like value (objects, arrays, strings, numbers…) with every string passed
 * through `map`; keys stay as they are. Used to clean a whole RunResult at the boundary.
 */
export function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, map)) as T
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, mapStrings(child, map)])
    ) as T
  }
  return value
}

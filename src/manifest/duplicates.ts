/** A list whose entries Partner Center holds once each: where it is, and what an entry is. */
interface UniqueList {
  /** Its path in the manifest; `*` stands for every index or key. */
  path: string[]
  /** The entry's field that identifies it (entries that are objects); the entry itself if unset. */
  by?: string[]
  what: string
  /** Whether `US` and `us` are one entry: yes for codes, IDs and words, not for web addresses. */
  exact?: boolean
}

/**
 * Lists of the manifest whose entries Partner Center holds once each. Market codes and GUIDs
 * ignore case (the action writes markets in upper case, §5.9, and compares IDs without case), so
 * `us` and `US` are one market. A list with an entry twice would be written with it twice, or
 * once, and then differ from the manifest on every run. JSON Schema's `uniqueItems` cannot say
 * this (case, and objects compared by one field), so it is checked after the schema.
 */
const UNIQUE_LISTS: readonly UniqueList[] = [
  { path: ['listing', '*', 'keywords'], what: 'keyword' },
  { path: ['listing', '*', 'links'], by: ['url'], what: 'link address', exact: true },
  { path: ['properties', 'industries'], what: 'industry' },
  { path: ['properties', 'categories', '*'], what: 'subcategory' },
  { path: ['previewAudience'], by: ['subscription'], what: 'subscription' },
  { path: ['plans', '*', 'availability', 'markets'], what: 'market' },
  { path: ['plans', '*', 'availability', 'privateAudience'], by: ['id'], what: 'audience ID' },
  {
    path: ['plans', '*', 'managedApplication', 'authorizations'],
    by: ['principalId', 'roleDefinitionId'],
    what: 'authorization'
  }
]

/** One entry that repeats an earlier entry of its list: its YAML path, and what to do. */
export interface Duplicate {
  at: (string | number)[]
  message: string
}

/**
 * The entries of the manifest's data (valid against the schema) that repeat an earlier entry of
 * their list, each with its path in the document, so the error names its line.
 */
export function findDuplicates(data: unknown): Duplicate[] {
  const found: Duplicate[] = []
  for (const rule of UNIQUE_LISTS) {
    for (const at of expand(data, rule.path)) {
      const seen = new Set<string>()
      ;(valueAt(data, at) as unknown[]).forEach((entry, index) => {
        const shown = (rule.by ?? [])
          .map((name) => String((entry as Record<string, unknown>)[name]))
          .concat(rule.by ? [] : [String(entry)])
          .join(' ')
        const key = rule.exact ? shown : shown.toLowerCase()
        if (seen.has(key)) {
          found.push({
            at: [...at, index],
            message: `${at.join('.')}: the ${rule.what} "${shown}" is listed twice; list it once.`
          })
        }
        seen.add(key)
      })
    }
  }
  return found
}

/** Every concrete path of a list the pattern matches in `data` (`*`: each index or key). */
function expand(
  data: unknown,
  pattern: string[],
  at: (string | number)[] = []
): (string | number)[][] {
  const value = valueAt(data, at)
  if (pattern.length === 0) return Array.isArray(value) ? [at] : []
  if (value === null || typeof value !== 'object') return []
  const [head, ...rest] = pattern
  if (head !== '*') return expand(data, rest, [...at, head])
  const keys = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value)
  return keys.flatMap((key) => expand(data, rest, [...at, key]))
}

function valueAt(data: unknown, at: (string | number)[]): unknown {
  return at.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === 'object'
        ? (value as Record<string | number, unknown>)[key]
        : undefined,
    data
  )
}

import { PROPERTY_NAMES } from './types.js'

const CANONICAL = new Map(PROPERTY_NAMES.map((name) => [name.toLowerCase(), name]))

/**
 * Renames, at every depth, each key that equals a known property name ignoring case to that
 * name's spelling. The service matches request names case-insensitively and its responses have
 * varied (`externalIds` sent, `externalIDs` returned, §3.4), so the client reads whatever case
 * arrives. Unknown keys are left exactly as they are, so a PUT can send them back untouched.
 */
export function normalizePropertyNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizePropertyNames)
  if (typeof value !== 'object' || value === null) return value
  const normalised: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    const name = CANONICAL.get(key.toLowerCase()) ?? key
    // When a response has both spellings, the canonical one wins.
    if (name !== key && name in value) continue
    normalised[name] = normalizePropertyNames(child)
  }
  return normalised
}

/**
 * Compares an enumeration value from a response with an expected one, ignoring case: the
 * service echoes `preview` as `Preview` (§9.17) and has renamed values before (§5.12).
 */
export function sameText(
  actual: string | null | undefined,
  expected: string | null | undefined
): boolean {
  return (
    typeof actual === 'string' &&
    typeof expected === 'string' &&
    actual.toLowerCase() === expected.toLowerCase()
  )
}

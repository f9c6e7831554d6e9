/**
 * The one rule for a technical configuration's version, wherever it is written: in the manifest
 * (`version`, `plans[].version`) or in the `version` input. Partner Center wants three numbers
 * (§5.11). A `v` prefix belongs to release tags only (`refs/tags/v1.2.3`); written as a version it
 * is refused in both places with the same message, so the manifest and the input never disagree.
 */
export const VERSION_PATTERN = '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$'
const VERSION = new RegExp(VERSION_PATTERN)

export function isVersion(text: string): boolean {
  return VERSION.test(text)
}

/**
 * Why `value`, written at `where` (`plans.0.version`, `Input version`), is not a version: the
 * message names the place and the fix. `value` may be unknown (then the hint for `v` is left out).
 */
export function describeBadVersion(where: string, value?: string): string {
  const withoutV = value && /^v/i.test(value) ? value.slice(1) : undefined
  const hint =
    withoutV && isVersion(withoutV)
      ? ` Write ${withoutV}, without the "v": only release tags carry one.`
      : ''
  return `${where} must be three numbers like "1.2.3"${value === undefined ? '' : `, not "${value}"`}.${hint}`
}

/** Compares two three-part versions: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number)
  const right = b.split('.').map(Number)
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

/** Minimal semantic-version comparison for the package configuration version rule (§5.11). */
const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/

export const isSemver = (value: string): boolean => SEMVER.test(value)

/** Negative, zero or positive like a sort comparator; both must be valid versions. */
export function compareSemver(a: string, b: string): number {
  const [, ...pa] = SEMVER.exec(a)!
  const [, ...pb] = SEMVER.exec(b)!
  for (let i = 0; i < 3; i++) {
    const diff = Number(pa[i]) - Number(pb[i])
    if (diff !== 0) return diff
  }
  // A pre-release sorts before its release; pre-releases compare field by field.
  if (pa[3] === pb[3]) return 0
  if (pa[3] === undefined) return 1
  if (pb[3] === undefined) return -1
  const fa = pa[3].split('.')
  const fb = pb[3].split('.')
  for (let i = 0; i < Math.max(fa.length, fb.length); i++) {
    if (fa[i] === undefined) return -1
    if (fb[i] === undefined) return 1
    const numeric = /^\d+$/.test(fa[i]) && /^\d+$/.test(fb[i])
    const diff = numeric ? Number(fa[i]) - Number(fb[i]) : fa[i].localeCompare(fb[i])
    if (diff !== 0) return diff
  }
  return 0
}

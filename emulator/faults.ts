import type { FaultRule } from './types.js'

interface ActiveRule {
  rule: FaultRule
  matches: number
  hits: number
}

/** The fault rules added by tests; the first rule that fires decides what happens to a request. */
export class FaultInjector {
  private rules: ActiveRule[] = []

  add(rule: FaultRule): void {
    this.rules.push({ rule, matches: 0, hits: 0 })
  }

  clear(): void {
    this.rules = []
  }

  /** Returns the rule that fires for this request, counting it, or undefined. */
  fire(method: string, pathname: string): FaultRule | undefined {
    for (const active of this.rules) {
      const { rule } = active
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue
      if (rule.path && !new RegExp(rule.path.source, ignoreCase(rule.path.flags)).test(pathname)) {
        continue
      }
      if (rule.times !== undefined && active.hits >= rule.times) continue
      active.matches += 1
      if (active.matches % (rule.every ?? 1) !== 0) continue
      active.hits += 1
      return rule
    }
    return undefined
  }
}

// Paths are matched case-insensitively, like the service matches them (§3.1).
const ignoreCase = (flags: string): string =>
  (flags.includes('i') ? flags : flags + 'i').replace('g', '')

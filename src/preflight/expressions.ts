/**
 * ARM template expressions, as far as the pre-flight needs them: a string that starts with `[`
 * (and not `[[`, an escaped literal) and ends with `]` is an expression (Microsoft Learn,
 * "Template syntax and expressions").
 */
export function isExpression(value: string): boolean {
  const trimmed = value.trim()
  return trimmed.startsWith('[') && !trimmed.startsWith('[[') && trimmed.endsWith(']')
}

/** Lower-cased names that `parameters('…')` or `variables('…')` references in an expression. */
export function referencedNames(value: string, fn: 'parameters' | 'variables'): string[] {
  const pattern = new RegExp(`\\b${fn}\\s*\\(\\s*'([^']+)'\\s*\\)`, 'gi')
  return [...value.matchAll(pattern)].map((match) => match[1].toLowerCase())
}

/** Whether an expression calls one of the given functions (case-insensitive). */
export function callsAny(value: string, functions: readonly string[]): boolean {
  return new RegExp(`\\b(${functions.join('|')})\\s*\\(`, 'i').test(value)
}

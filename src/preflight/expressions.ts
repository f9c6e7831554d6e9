/**
 * ARM template expressions, as far as the pre-flight needs them: a string that starts with `[`
 * (and not `[[`, an escaped literal) and ends with `]` is an expression (Microsoft Learn,
 * "Template syntax and expressions").
 */
export function isExpression(value: string): boolean {
  const trimmed = value.trim()
  return trimmed.startsWith('[') && !trimmed.startsWith('[[') && trimmed.endsWith(']')
}

const REFERENCE = {
  parameters: /\bparameters\s*\(\s*'([^']+)'\s*\)/gi,
  variables: /\bvariables\s*\(\s*'([^']+)'\s*\)/gi
}

/** Lower-cased names that `parameters('…')` or `variables('…')` references in an expression. */
export function referencedNames(value: string, fn: 'parameters' | 'variables'): string[] {
  // Most strings of a template reference nothing: skip the regular expression for them.
  if (!value.includes(fn === 'parameters' ? 'arameters' : 'ariables')) return []
  return [...value.matchAll(REFERENCE[fn])].map((match) => match[1].toLowerCase())
}

/** Whether an expression calls one of the given functions (case-insensitive). */
export function callsAny(value: string, functions: readonly string[]): boolean {
  return new RegExp(`\\b(${functions.join('|')})\\s*\\(`, 'i').test(value)
}

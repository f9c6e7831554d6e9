import { HttpError } from './http/errors.js'
import { commandLine, setting, type InputName } from './naming.js'

/**
 * A way out that an error of ours suggests: a setting (`on-conflict: cancel`) or a command
 * (`command: go-live`), rendered in the running shell's words when the error is made.
 */
export type Suggestion = { input: InputName; value: string } | { command: string }

/** An error that carries the ways out it suggests as data, not only in its words. */
export interface Suggesting {
  readonly suggests: readonly Suggestion[]
}

/** A suggestion as the running shell writes it, quoted: "`on-conflict: cancel`". */
export function showSuggestion(suggestion: Suggestion): string {
  return 'command' in suggestion
    ? commandLine(suggestion.command)
    : `\`${setting(suggestion.input, suggestion.value)}\``
}

/** The settings and commands the advice of an HTTP failure (its hint, our own text) may name. */
const HINTED: Suggestion[] = [
  { command: 'cancel' },
  { command: 'status' },
  { command: 'go-live' },
  { input: 'on-conflict', value: 'wait' },
  { input: 'on-conflict', value: 'cancel' }
]

/**
 * The ways out an error suggests, shown in the running shell's words: what our code attached to
 * it (`Suggesting`), or the settings our hint for an HTTP failure names. Never read from the
 * error's message: it may quote a server, and a server must not choose the advice the summary
 * gives (`Run again with one of: …`).
 */
export function suggestionsOf(error: unknown): string[] {
  if (error instanceof HttpError) {
    const hint = error.hint ?? ''
    return HINTED.map(showSuggestion)
      .filter((shown) => hint.includes(shown))
      .sort((one, other) => hint.indexOf(one) - hint.indexOf(other))
  }
  const suggests = (error as Partial<Suggesting> | undefined)?.suggests
  return Array.isArray(suggests) ? [...new Set(suggests.map(showSuggestion))] : []
}

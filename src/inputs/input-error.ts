import type { Suggesting, Suggestion } from '../suggestions.js'
/**
 * An input that cannot be used; the message names the input, the value and what is allowed.
 * `input`: the input's name (the action's input, the CLI's flag), for an annotation on the
 * workflow line that sets it.
 */
export class InputError extends Error implements Suggesting {
  override name = 'InputError'

  /** @param suggests the settings or commands the message offers as ways out (src/suggestions.ts). */
  constructor(
    message: string,
    readonly input?: string,
    readonly suggests: readonly Suggestion[] = []
  ) {
    super(message)
  }
}

/**
 * An input that cannot be used; the message names the input, the value and what is allowed.
 * `input`: the input's name (the action's input, the CLI's flag), for an annotation on the
 * workflow line that sets it.
 */
export class InputError extends Error {
  override name = 'InputError'

  constructor(
    message: string,
    readonly input?: string
  ) {
    super(message)
  }
}

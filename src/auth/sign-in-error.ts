/**
 * The one error type sign-in throws. Its message is written for the person who configured the
 * workflow: what is wrong and what to change. It never contains a secret, an assertion or a token.
 */
export interface SignInErrorDetails {
  /** Entra's error code, e.g. `AADSTS7000215`, when Entra answered with one. */
  code?: string
  /** HTTP status of Entra's answer, when there was one. */
  status?: number
  /** Entra's trace and correlation ids: what Microsoft support asks for. */
  traceId?: string
  correlationId?: string
}

export class SignInError extends Error {
  override readonly name = 'SignInError'

  constructor(
    message: string,
    readonly details: SignInErrorDetails = {},
    options?: { cause?: unknown }
  ) {
    super(message, options)
  }
}

/**
 * The one logging port every layer below the action's shell writes to.
 *
 * The HTTP layer, the Partner Center client, sign-in and the publishing workflow never import
 * `@actions/core`: they receive a Logger. The action's shell passes one backed by `@actions/core`
 * (log lines, `::add-mask::`); tests and a future CLI pass their own.
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warning(message: string): void
  /**
   * Registers a value that must never appear in any log, output or summary (a token, a secret,
   * a SAS signature). Call it before the value can be printed anywhere.
   */
  secret(value: string): void
}

/** A Logger that prints nothing and remembers the secrets it was given (for tests and probes). */
export function silentLogger(): Logger & { secrets: string[] } {
  const secrets: string[] = []
  return {
    secrets,
    debug: () => undefined,
    info: () => undefined,
    warning: () => undefined,
    secret: (value) => {
      if (value) secrets.push(value)
    }
  }
}

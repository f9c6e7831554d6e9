import type { TokenProvider } from '../auth/index.js'
import { createHttpTransport } from '../http/transport.js'
import type { HttpTransport } from '../http/types.js'
import type { Inputs } from '../inputs/table.js'
import type { ShellPorts } from './services.js'

/** A sign-in started ahead of the run's first Partner Center call (`startSignIn`). */
export interface EarlySignIn {
  /** The run's one HTTP transport, which the sign-in and then the engine use. */
  transport: HttpTransport
  /**
   * The token provider for the engine; its first Partner Center token is already on its way.
   * @throws whatever the shell's `signIn` threw when it started (SignInError: no credential, an
   *   unusable certificate; InputError: a CLI credential without its client ID), so that it is
   *   reported where it was before the sign-in moved: after the manifest, before the packages'
   *   checks (runOnce calls this as it makes the engine's services). A sign-in that fails only at
   *   Entra ID (a wrong secret) waits for the first Partner Center call, after those checks.
   */
  tokens(): TokenProvider
  /**
   * Ends the token requests still under way (the run is over, or ended before it needed them)
   * and closes the transport's keep-alive sockets.
   */
  end(): void
}

/**
 * Starts the sign-in (the Partner Center token request: a read that changes nothing) as soon as
 * the inputs are known to be usable, so that its round trip overlaps the loading of the manifest
 * reader and the engine, the manifest's validation and the packages' checks (issue 16,
 * docs/benchmarks.md, start-up). Nothing else is sent before those checks pass, and nothing is
 * reported from the sign-in before the engine asks for a token: a run that stops on its
 * manifest, a package or the pre-flight reports that, not a sign-in failure. The outcome is held:
 * a token is handed to the first Partner Center call; a failure to every Partner Center call that
 * asks, without a second token request.
 */
export function startSignIn(
  inputs: Inputs,
  ports: Pick<ShellPorts, 'signIn' | 'logger' | 'signal'>,
  userAgent: string
): EarlySignIn {
  const transport = createHttpTransport({ userAgent, logger: ports.logger })
  // Aborted when the run ends: a request the run never used must not hold the process open.
  const scope = new AbortController()
  const end = () => {
    scope.abort(new Error('The run ended.'))
    transport.dispose()
  }
  let tokens: TokenProvider
  try {
    tokens = ports.signIn(inputs, transport, AbortSignal.any([ports.signal, scope.signal]))
  } catch (error) {
    const rethrow = () => {
      throw error
    }
    return { transport, tokens: rethrow, end }
  }
  ports.logger.info(
    `Signing in to Entra ID${inputs.clientId ? ` as ${inputs.clientId}` : ''} with ${tokens.method}`
  )
  let held: Promise<string> | undefined = tokens.getToken()
  held.then(
    () => (held = undefined),
    () => undefined
  )
  return {
    transport,
    tokens: () => ({
      method: tokens.method,
      // Only what was started is held: the default (Partner Center) audience, cache allowed.
      getToken: (options = {}) =>
        (!options.resource && !options.forceRefresh && held) || tokens.getToken(options)
    }),
    end
  }
}

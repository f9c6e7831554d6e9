import { createTokenProvider, selectCredential, type TokenProvider } from '../auth/index.js'
import type { HttpTransport } from '../http/types.js'
import type { Inputs } from '../inputs/table.js'
import type { ShellPorts } from './services.js'

/** Where a federated token comes from: GitHub's OIDC endpoint, or a file the platform writes. */
export interface FederatedTokenSource {
  available: boolean
  requestIdToken: (audience: string) => Promise<string>
}

/**
 * Signs in as the app registration the inputs name (tenant-id, client-id) with the first
 * credential there is: client secret, certificate, then a federated token, through the one
 * token provider and its translated Entra messages (src/auth).
 * @throws SignInError when there is no credential.
 */
export function appTokenProvider(
  inputs: Inputs,
  transport: HttpTransport,
  ports: Pick<ShellPorts, 'logger' | 'signal'> & { federated: FederatedTokenSource }
): TokenProvider {
  return createTokenProvider({
    loginUrl: inputs.loginUrl,
    tenantId: inputs.tenantId,
    clientId: inputs.clientId,
    credential: selectCredential({
      clientSecret: inputs.clientSecret,
      clientCertificate: inputs.clientCertificate,
      oidc: { ...ports.federated, audience: inputs.oidcAudience }
    }),
    transport,
    logger: ports.logger,
    signal: ports.signal
  })
}

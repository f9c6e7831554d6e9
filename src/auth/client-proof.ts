import type { Logger } from '../logging.js'
import { assertCertificateCurrent, createClientAssertion, loadCertificate } from './certificate.js'
import type { Credential } from './credentials.js'
import type { SignInContext } from './entra-errors.js'
import { requestGitHubIdToken, type FederationClaims } from './github-oidc.js'
import type { ClientProof } from './token-endpoint.js'
import { words } from '../naming.js'

/** Makes, for each token request, the proof of the app's identity that a credential gives. */
export interface ClientProofSource {
  /**
   * What logs and error messages may say about the credential; `method` is 'client secret',
   * 'certificate (thumbprint …)' or 'GitHub OIDC'.
   */
  context: Pick<SignInContext, 'credential' | 'method' | 'certificateThumbprint' | 'oidcAudience'>
  /** A proof for one request to `endpointUrl`, already registered with `logger.secret`. */
  next(endpointUrl: string): Promise<{ proof: ClientProof; federation?: FederationClaims }>
}

/**
 * Prepares a credential: masks its secret parts at once, and for a certificate parses and checks
 * it now, so that a broken or expired certificate fails before any request is sent.
 */
export function clientProofSource(
  credential: Credential,
  clientId: string,
  logger: Logger,
  now: () => Date
): ClientProofSource {
  switch (credential.kind) {
    case 'client-secret': {
      logger.secret(credential.secret)
      return {
        context: { credential: credential.kind, method: 'client secret' },
        next: async () => ({ proof: { clientSecret: credential.secret } })
      }
    }
    case 'certificate': {
      const certificate = loadCertificate(credential.pem)
      certificate.privateKeyTexts.forEach((text) => logger.secret(text))
      assertCertificateCurrent(certificate, now())
      return {
        context: {
          credential: credential.kind,
          method: `certificate (thumbprint ${certificate.thumbprint})`,
          certificateThumbprint: certificate.thumbprint
        },
        next: async (endpointUrl) => {
          // Checked again: a run that waits hours for certification can outlive the certificate.
          const issuedAt = now()
          assertCertificateCurrent(certificate, issuedAt)
          const clientAssertion = createClientAssertion(certificate, {
            clientId,
            audience: endpointUrl,
            algorithm: credential.algorithm ?? 'PS256',
            now: issuedAt
          })
          logger.secret(clientAssertion)
          return { proof: { clientAssertion } }
        }
      }
    }
    case 'github-oidc':
      return {
        context: {
          credential: credential.kind,
          method: words().federated.method,
          oidcAudience: credential.audience
        },
        next: async () => {
          const { token, claims } = await requestGitHubIdToken(credential, logger)
          return { proof: { clientAssertion: token }, federation: claims }
        }
      }
  }
}

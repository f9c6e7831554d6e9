import { SignInError } from './sign-in-error.js'

/** How the action proves to Entra ID that it is the app registration. */
export type Credential = ClientSecretCredential | CertificateCredential | GitHubOidcCredential

export interface ClientSecretCredential {
  kind: 'client-secret'
  /** The secret's VALUE (shown once when created), not its ID. */
  secret: string
}

/** Entra accepts both algorithms for client assertions; PS256 is the stronger padding. */
export type AssertionAlgorithm = 'PS256' | 'RS256'

export interface CertificateCredential {
  kind: 'certificate'
  /** The certificate AND its unencrypted RSA private key in PEM, as stored in one GitHub secret. */
  pem: string
  /** Defaults to PS256. */
  algorithm?: AssertionAlgorithm
}

export interface GitHubOidcCredential {
  kind: 'github-oidc'
  /** The audience the GitHub ID token is requested for, e.g. `api://AzureADTokenExchange`. */
  audience: string
  /** The shell passes `fetchGitHubIdToken` (github-id-token.ts); sign-in never imports @actions/core. */
  requestIdToken: (audience: string) => Promise<string>
}

/** The audience Entra's federated credentials expect from GitHub in the public cloud. */
export const DEFAULT_GITHUB_OIDC_AUDIENCE = 'api://AzureADTokenExchange'

/** The issuer of GitHub Actions ID tokens, to register on a federated credential. */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

export interface CredentialInputs {
  clientSecret?: string
  clientCertificate?: string
  oidc: {
    /** Whether the job can request an ID token (ACTIONS_ID_TOKEN_REQUEST_URL is set). */
    available: boolean
    audience: string
    requestIdToken: (audience: string) => Promise<string>
  }
}

/**
 * Picks the credential in a fixed order: client secret, certificate, then GitHub OIDC when the job
 * may request an ID token. Empty inputs count as absent (GitHub passes '' for unset inputs).
 */
export function selectCredential(inputs: CredentialInputs): Credential {
  // Entra secrets contain no whitespace, so a trailing newline pasted into the GitHub secret is
  // noise, not part of the value.
  const secret = inputs.clientSecret?.trim()
  if (secret) return { kind: 'client-secret', secret }
  if (inputs.clientCertificate?.trim())
    return { kind: 'certificate', pem: inputs.clientCertificate }
  if (inputs.oidc.available) {
    return {
      kind: 'github-oidc',
      audience: inputs.oidc.audience.trim() || DEFAULT_GITHUB_OIDC_AUDIENCE,
      requestIdToken: inputs.oidc.requestIdToken
    }
  }
  throw new SignInError(NO_CREDENTIAL_MESSAGE)
}

const NO_CREDENTIAL_MESSAGE = `No credential to sign in to Entra ID with. Use one of these three ways:
  1. client-secret: the secret VALUE of the app registration (Entra ID → App registrations → your app → Certificates & secrets → Client secrets), stored as a GitHub secret.
  2. client-certificate: a PEM holding the certificate AND its unencrypted RSA private key, stored as a GitHub secret; upload the certificate (public part) to the app registration under Certificates & secrets → Certificates.
  3. GitHub OIDC (no secret to store): give the job permission to request an ID token, and add a federated credential to the app registration (issuer ${GITHUB_OIDC_ISSUER}, your workflow's subject, audience ${DEFAULT_GITHUB_OIDC_AUDIENCE}):
       permissions:
         id-token: write
         contents: read
     GitHub does not hand ID tokens to workflows triggered by pull requests from forks.`

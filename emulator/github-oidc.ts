import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SimulatedClock } from './clock.js'
import { header, sendJson } from './http-util.js'
import { randomToken } from './ids.js'
import { signRs256 } from './jwt.js'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
const DEFAULT_AUDIENCE = 'api://AzureADTokenExchange'
const LIFETIME_SECONDS = 300

/**
 * The GitHub Actions OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL). It signs with its own
 * key; the emulated Entra ID verifies with the public half, as Entra does with GitHub's JWKS.
 */
export class GithubOidc {
  readonly requestToken = randomToken()
  subject = 'repo:contoso/contoso-app:ref:refs/tags/v1.2.3'
  readonly publicKey: KeyObject
  private readonly privateKey: KeyObject
  private readonly keyId = randomToken(8)

  constructor(private readonly clock: SimulatedClock) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
    this.publicKey = pair.publicKey
    this.privateKey = pair.privateKey
  }

  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    if (header(req, 'authorization') !== `Bearer ${this.requestToken}`) {
      sendJson(res, 401, { message: 'Bad credentials' })
      return
    }
    const now = Math.floor(this.clock.nowMs() / 1000)
    const [repository, ref] = this.repositoryAndRef()
    const payload = {
      iss: GITHUB_ISSUER,
      sub: this.subject,
      aud: query.get('audience') || DEFAULT_AUDIENCE,
      repository,
      ref,
      job_workflow_ref: `${repository}/.github/workflows/publish.yml@${ref}`,
      iat: now,
      nbf: now - 5,
      exp: now + LIFETIME_SECONDS
    }
    sendJson(res, 200, { value: signRs256({ kid: this.keyId }, payload, this.privateKey) })
  }

  /** repository and ref as GitHub derives them from the subject, best effort for other shapes. */
  private repositoryAndRef(): [string, string] {
    const match = /^repo:([^:]+):ref:(.+)$/.exec(this.subject)
    return match ? [match[1], match[2]] : ['contoso/contoso-app', 'refs/heads/main']
  }
}

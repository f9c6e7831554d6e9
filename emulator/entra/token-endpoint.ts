import type { ServerResponse } from 'node:http'
import type { KeyObject } from 'node:crypto'
import type { SimulatedClock } from '../clock.js'
import { sendJson } from '../http-util.js'
import type { AppRegistration } from '../types.js'
import { verifyClientAssertion } from './assertion.js'
import { EntraError, entraErrors } from './errors.js'
import type { TokenStore } from './tokens.js'

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** Entra ID's v1 (`resource`) and v2 (`scope`) client-credentials token endpoints. */
export class EntraTokenEndpoint {
  private readonly apps: AppRegistration[] = []

  constructor(
    private readonly clock: SimulatedClock,
    private readonly tokens: TokenStore,
    private readonly githubKey: KeyObject,
    private readonly baseUrl: () => string
  ) {}

  registerApp(app: AppRegistration): void {
    const index = this.apps.findIndex(
      (a) => a.tenantId.toLowerCase() === app.tenantId.toLowerCase() && a.clientId === app.clientId
    )
    if (index >= 0) this.apps.splice(index, 1)
    this.apps.push(app)
  }

  handle(res: ServerResponse, body: string, tenant: string, version: 'v1' | 'v2'): void {
    const form = new URLSearchParams(body)
    try {
      const audience = this.authenticate(form, tenant, version)
      const issued = this.tokens.issue(audience)
      const nowSeconds = Math.floor(this.clock.nowMs() / 1000)
      const common = {
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        ext_expires_in: issued.expiresIn
      }
      sendJson(
        res,
        200,
        version === 'v1'
          ? {
              ...common,
              expires_on: String(issued.expiresOn),
              not_before: String(nowSeconds),
              resource: form.get('resource'),
              access_token: issued.token
            }
          : { ...common, access_token: issued.token }
      )
    } catch (error) {
      if (!(error instanceof EntraError)) throw error
      sendJson(res, error.status, error.body(this.clock.now()))
    }
  }

  /** Checks the request and the client's credential; returns the audience of the token to issue. */
  private authenticate(form: URLSearchParams, tenant: string, version: 'v1' | 'v2'): string {
    const grant = form.get('grant_type')
    if (!grant) throw entraErrors.missingParameter('grant_type')
    if (grant !== 'client_credentials') throw entraErrors.unsupportedGrant(grant)
    const clientId = form.get('client_id')
    if (!clientId) throw entraErrors.missingParameter('client_id')
    const audience = version === 'v1' ? form.get('resource') : form.get('scope')
    if (!audience) throw entraErrors.missingParameter(version === 'v1' ? 'resource' : 'scope')

    const tenantApps = this.apps.filter((a) => a.tenantId.toLowerCase() === tenant.toLowerCase())
    if (tenantApps.length === 0) throw entraErrors.unknownTenant(tenant)
    const app = tenantApps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase())
    if (!app) throw entraErrors.unknownClient(clientId, tenant)

    const assertion = form.get('client_assertion')
    const secret = form.get('client_secret')
    if (assertion) {
      if (form.get('client_assertion_type') !== JWT_BEARER)
        throw entraErrors.missingParameter('client_assertion_type')
      const base = `${this.baseUrl()}/${tenant}/oauth2`
      verifyClientAssertion(assertion, {
        app,
        endpointUrls: [`${base}/token`, `${base}/v2.0/token`],
        now: this.clock.now(),
        githubKey: this.githubKey
      })
    } else if (secret) {
      if (secret !== app.clientSecret) throw entraErrors.wrongSecret(app.clientId)
    } else {
      throw entraErrors.noCredential()
    }
    return normaliseAudience(audience)
  }
}

/** `https://x/.default` (v2 scope), `https://x/` and `https://x` all name the same resource. */
function normaliseAudience(value: string): string {
  return value
    .split(' ')[0]
    .replace(/\/\.default$/, '')
    .replace(/\/+$/, '')
}

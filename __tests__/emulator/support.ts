import { zipOf } from '../../scripts/zip.js'
/** Helpers shared by the emulator tests: real HTTP calls against a running emulator. */
import {
  createHash,
  createSign,
  constants,
  sign as signRaw,
  type KeyObject,
  X509Certificate
} from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SAMPLE, type Emulator } from '../../emulator/index.js'

export const PARTNER_CENTER = 'https://api.partner.microsoft.com'

// Response bodies are checked field by field in the tests; `any` keeps those checks short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any

export interface Reply {
  status: number
  headers: Headers
  text: string
  json: Loose
}

export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init)
  const text = await response.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

export function tokenRequest(
  emulator: Pick<Emulator, 'url'>,
  form: Record<string, string>,
  version: 'v1' | 'v2' = 'v1',
  tenant = SAMPLE.tenantId
): Promise<Reply> {
  const path = version === 'v1' ? 'oauth2/token' : 'oauth2/v2.0/token'
  return call(`${emulator.url}/${tenant}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString()
  })
}

export async function sampleToken(emulator: Emulator, resource = PARTNER_CENTER): Promise<string> {
  const reply = await tokenRequest(emulator, {
    grant_type: 'client_credentials',
    client_id: SAMPLE.clientId,
    client_secret: SAMPLE.clientSecret,
    resource
  })
  if (reply.status !== 200) throw new Error(`token: ${reply.status} ${reply.text}`)
  return reply.json.access_token as string
}

/** A client of the emulator's ingestion API with a sample token. */
export class Api {
  constructor(
    readonly emulator: Emulator,
    readonly token: string
  ) {}

  static async create(emulator: Emulator): Promise<Api> {
    return new Api(emulator, await sampleToken(emulator))
  }

  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<Reply> {
    return call(`${this.emulator.url}/v1.0/ingestion/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...headers
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    })
  }

  get = (path: string, headers?: Record<string, string>) =>
    this.request('GET', path, undefined, headers)

  /** Follows nextLinks (host-relative) and returns every item. */
  async all(path: string): Promise<Loose[]> {
    const items = []
    let reply = await this.get(path)
    for (let pages = 0; ; pages++) {
      if (reply.status !== 200) throw new Error(`${path}: ${reply.status}`)
      items.push(...reply.json.value)
      if (!reply.json.nextLink || pages > 50) return items
      reply = await call(`${this.emulator.url}/${reply.json.nextLink}`, {
        headers: { authorization: `Bearer ${this.token}` }
      })
    }
  }

  /**
   * The offer's product id, from the emulator's state: under the 2026 profile a migrated offer is
   * missing from the filtered product listing (reference §9), so a test must not look it up there.
   */
  async productId(offerId: string = SAMPLE.offerId): Promise<string> {
    return this.emulator.inspect(offerId).productId
  }

  async branch(productId: string, module: string, variantId?: string): Promise<string> {
    const branches = await this.all(`products/${productId}/branches/getByModule(module=${module})`)
    return branches.find((b) => b.variantID === variantId).currentDraftInstanceID
  }

  async variantId(productId: string, planId: string): Promise<string> {
    return (await this.all(`products/${productId}/variants`)).find((v) => v.externalID === planId)
      .id
  }

  /** Every current draft of the offer and its plans, as a submission request. */
  async fullSubmission(productId: string, options: { withReseller?: boolean } = {}) {
    const modules = [
      'Availability',
      'Listing',
      'Package',
      'Property',
      ...(options.withReseller === false ? [] : ['ResellerConfiguration'])
    ]
    const resources = []
    for (const module of modules)
      resources.push({ type: module, value: await this.branch(productId, module) })
    const plans = (await this.all(`products/${productId}/variants`)).filter(
      (v) => v.resourceType === 'AzureSkuVariant'
    )
    const variantResources = []
    for (const plan of plans) {
      const planResources = []
      for (const module of ['Availability', 'Listing', 'Package'])
        planResources.push({ type: module, value: await this.branch(productId, module, plan.id) })
      variantResources.push({ variantID: plan.id, resources: planResources })
    }
    return {
      resourceType: 'SubmissionCreationRequest',
      targets: [{ type: 'Scope', value: 'preview' }],
      resources,
      variantResources
    }
  }
}

export const VALID_ZIP = (): Buffer =>
  zipOf({
    'mainTemplate.json': '{"resources":[]}',
    'createUiDefinition.json': '{}',
    'nested/readme.txt': 'x'
  })

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url')

/** A client assertion signed with a certificate's key, RS256 or PS256, with x5t or x5t#S256. */
export function certificateAssertion(options: {
  certificatePem: string
  privateKey: KeyObject
  clientId: string
  audience: string
  alg?: 'RS256' | 'PS256'
  thumbprintHeader?: 'x5t' | 'x5t#S256'
  nowSeconds: number
  lifetimeSeconds?: number
}): string {
  const raw = new X509Certificate(options.certificatePem).raw
  const headerName = options.thumbprintHeader ?? 'x5t'
  const thumbprint = createHash(headerName === 'x5t' ? 'sha1' : 'sha256')
    .update(raw)
    .digest('base64url')
  const alg = options.alg ?? 'RS256'
  const header = { alg, typ: 'JWT', [headerName]: thumbprint }
  const payload = {
    aud: options.audience,
    iss: options.clientId,
    sub: options.clientId,
    jti: Math.random().toString(36),
    nbf: options.nowSeconds - 60,
    exp: options.nowSeconds + (options.lifetimeSeconds ?? 600)
  }
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`
  const signature =
    alg === 'RS256'
      ? createSign('RSA-SHA256').update(input).sign(options.privateKey)
      : signRaw('sha256', Buffer.from(input), {
          key: options.privateKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 32
        })
  return `${input}.${b64url(signature)}`
}

/** /work/shared, resolved from the repository root (not the cwd); undefined when absent. */
export function sharedDir(): string | undefined {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const shared = join(repoRoot, '..', 'shared')
  return existsSync(shared) ? shared : undefined
}

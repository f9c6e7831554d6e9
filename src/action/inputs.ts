import * as core from '@actions/core'
import type { Command, Target } from '../publish/result.js'
import type { OnConflict } from '../publish/request.js'

/** The action's inputs, parsed and checked before anything is read or sent. */
export interface ActionInputs {
  tenantId: string
  clientId: string
  clientSecret?: string
  clientCertificate?: string
  oidcAudience: string
  manifest: string
  offerId?: string
  command: Command
  target: Target
  version?: string
  waitTimeoutMinutes: number
  onConflict: OnConflict
  dryRun: boolean
  apiUrl: string
  loginUrl: string
  /** Origin of the Product Ingestion API (Microsoft Graph), for offers the listing omits. */
  graphUrl: string
  /** The offer's product GUID: skips the lookup by offer ID (reference §9.18). */
  productId?: string
  /** Seller/publisher ID, sent as x-ms-publisherId when set (reference §9.3, §9.20). */
  publisherId?: string
}

/** An input that cannot be used; the message names the input, the value and what is allowed. */
export class InputError extends Error {
  override name = 'InputError'
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = (core.getInput(name) || fallback).trim().toLowerCase()
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(`Input ${name} is "${value}"; allowed values are ${allowed.join(', ')}.`)
  }
  return value as T
}

function optional(name: string): string | undefined {
  return core.getInput(name).trim() || undefined
}

function required(name: string, hint: string): string {
  const value = core.getInput(name).trim()
  if (!value) throw new InputError(`Input ${name} is required: ${hint}`)
  return value
}

function baseUrl(name: string, fallback: string): string {
  const value = optional(name) ?? fallback
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(`Input ${name} is not a URL: "${value}".`)
  }
  // Plain http is for the local emulator only: a token must never cross a network in clear text.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(
      `Input ${name} must be an https URL (http only for localhost): "${value}".`
    )
  }
  // A bare origin: the client adds the API's own path (/v1.0/ingestion, /rp/product-ingestion),
  // so a path here would be sent twice. Refused with the value that was meant.
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(value)) {
    throw new InputError(
      `Input ${name} must be an origin, without a path, query or fragment: "${value}". ` +
        `Use "${url.origin}".`
    )
  }
  return url.origin
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function productIdInput(): string | undefined {
  const value = optional('product-id')
  if (value !== undefined && !GUID.test(value)) {
    throw new InputError(
      `Input product-id is "${value}"; give the offer's product GUID, as in its Partner Center ` +
        'URL (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).'
    )
  }
  return value?.toLowerCase()
}

function publisherIdInput(): string | undefined {
  const value = optional('publisher-id')
  // It becomes a header value: nothing but an id's characters may go through.
  if (value !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(value)) {
    throw new InputError(
      `Input publisher-id is "${value}"; give the seller ID shown in Partner Center (a number).`
    )
  }
  return value
}

function booleanInput(name: string): boolean {
  const value = core.getInput(name).trim().toLowerCase() || 'false'
  if (value !== 'true' && value !== 'false') {
    throw new InputError(`Input ${name} is "${value}"; use true or false.`)
  }
  return value === 'true'
}

function minutes(name: string): number {
  const text = core.getInput(name).trim() || '0'
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0) {
    throw new InputError(`Input ${name} is "${text}"; give a number of minutes, 0 or more.`)
  }
  return value
}

const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/

export function readInputs(): ActionInputs {
  const clientSecret = optional('client-secret')
  const clientCertificate = optional('client-certificate')
  // Mask before anything else can print them (action-engineering.md §4.6).
  if (clientSecret) core.setSecret(clientSecret)
  if (clientCertificate) {
    // Line by line: the runner masks within one line. The armour lines are not secret, and
    // masking them would blank out the PEM labels that error messages quote.
    for (const line of clientCertificate.split(/\r?\n/).map((text) => text.trim()))
      if (line && !PEM_ARMOUR.test(line)) core.setSecret(line)
  }
  const inputs: ActionInputs = {
    tenantId: required(
      'tenant-id',
      'the Entra tenant of the app registration Partner Center trusts.'
    ),
    clientId: required('client-id', 'the application (client) ID of that app registration.'),
    clientSecret,
    clientCertificate,
    oidcAudience: optional('oidc-audience') ?? 'api://AzureADTokenExchange',
    manifest: optional('manifest') ?? 'marketplace.yml',
    offerId: optional('offer-id'),
    command: oneOf('command', ['publish', 'status', 'go-live', 'cancel'] as const, 'publish'),
    target: oneOf('target', ['draft', 'preview', 'live'] as const, 'preview'),
    version: optional('version')?.replace(/^v/, ''),
    waitTimeoutMinutes: minutes('wait-timeout'),
    onConflict: oneOf('on-conflict', ['fail', 'wait', 'cancel'] as const, 'fail'),
    dryRun: booleanInput('dry-run'),
    apiUrl: baseUrl('api-url', 'https://api.partner.microsoft.com'),
    loginUrl: baseUrl('login-url', 'https://login.microsoftonline.com'),
    graphUrl: baseUrl('graph-url', 'https://graph.microsoft.com'),
    productId: productIdInput(),
    publisherId: publisherIdInput()
  }
  if (
    inputs.command === 'publish' &&
    inputs.target === 'live' &&
    inputs.waitTimeoutMinutes === 0 &&
    !inputs.dryRun
  ) {
    throw new InputError(
      'target: live waits for the preview to be ready and then for certification, which takes ' +
        'hours: set wait-timeout (minutes; jobs on GitHub-hosted runners end after 360), or ' +
        'publish to preview and promote later with command: go-live.'
    )
  }
  return inputs
}

import * as core from '@actions/core'
import { COMMAND_NAMES, commandNamed } from '../commands/index.js'
import type { Command, Target } from '../engine/result.js'
import type { OnConflict } from '../engine/run-request.js'
import { GUID, PATH_SEGMENT } from '../boundary/ids.js'
import { requireSecureOrigin } from '../boundary/urls.js'
import { registerSecret } from './logger.js'
import type { PreflightPolicy } from '../engine/check/packages.js'

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
  preflight: PreflightPolicy
  apiUrl: string
  loginUrl: string
  /** Origin of the Product Ingestion API (Microsoft Graph), for offers the listing omits. */
  graphUrl: string
  /** The offer's product GUID: skips the lookup by offer ID (reference §9.18). */
  productId?: string
  /** Seller/publisher ID, sent as x-ms-publisherId when set (reference §9.3, §9.20). */
  publisherId?: string
  /** For export: the folder the manifest is written to, relative to the workspace. */
  exportPath: string
}

/**
 * An input that cannot be used; the message names the input, the value and what is allowed.
 * `input`: the input's name, for an annotation on the workflow line that sets it.
 */
export class InputError extends Error {
  override name = 'InputError'

  constructor(
    message: string,
    readonly input?: string
  ) {
    super(message)
  }
}

function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = (core.getInput(name) || fallback).trim().toLowerCase()
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(
      `Input ${name} is "${value}"; allowed values are ${allowed.join(', ')}.`,
      name
    )
  }
  return value as T
}

function optional(name: string): string | undefined {
  return core.getInput(name).trim() || undefined
}

function required(name: string, hint: string): string {
  const value = core.getInput(name).trim()
  if (!value) throw new InputError(`Input ${name} is required: ${hint}`, name)
  return value
}

/**
 * An id that goes into a URL path or a form (tenant-id, client-id): letters, digits and "-_.~"
 * only (src/boundary/ids.ts), so a line break or a dot-segment cannot ride along. Required by the
 * commands that sign in; empty is allowed for those that do not (check).
 */
function idInput(name: string, hint: string, signsIn: boolean): string {
  const value = signsIn ? required(name, hint) : (optional(name) ?? '')
  if (value && !PATH_SEGMENT.test(value)) {
    throw new InputError(
      `Input ${name} is ${JSON.stringify(value)}; it must be an id of letters, digits, "-", "_", ` +
        `"." and "~" (a GUID, or a tenant's domain name), ${hint}`,
      name
    )
  }
  return value
}

function baseUrl(name: string, fallback: string): string {
  const value = optional(name) ?? fallback
  try {
    return requireSecureOrigin(value, `Input ${name}`)
  } catch (error) {
    throw new InputError((error as Error).message, name)
  }
}

function productIdInput(): string | undefined {
  const value = optional('product-id')
  if (value !== undefined && !GUID.test(value)) {
    throw new InputError(
      `Input product-id is "${value}"; give the offer's product GUID, as in its Partner Center ` +
        'URL (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).',
      'product-id'
    )
  }
  return value?.toLowerCase()
}

function publisherIdInput(): string | undefined {
  const value = optional('publisher-id')
  // It becomes a header value: nothing but an id's characters may go through.
  if (value !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(value)) {
    throw new InputError(
      `Input publisher-id is "${value}"; give the seller ID shown in Partner Center (a number).`,
      'publisher-id'
    )
  }
  return value
}

function booleanInput(name: string): boolean {
  const value = core.getInput(name).trim().toLowerCase() || 'false'
  if (value !== 'true' && value !== 'false') {
    throw new InputError(`Input ${name} is "${value}"; use true or false.`, name)
  }
  return value === 'true'
}

/** The longest wait-timeout, in minutes: 7 days, beyond any job's life (self-hosted: 5 days). */
export const MAX_WAIT_MINUTES = 7 * 24 * 60

function minutes(name: string): number {
  const text = core.getInput(name).trim() || '0'
  // Plain decimal numbers only: Number() would also take "1e308", "0x10" and "Infinity".
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN
  if (!(value >= 0 && value <= MAX_WAIT_MINUTES)) {
    throw new InputError(
      `Input ${name} is "${text}"; give a number of minutes from 0 to ` +
        `${MAX_WAIT_MINUTES} (7 days).`,
      name
    )
  }
  return value
}

/** Inputs whose values are never shown, only whether they are set. */
const SECRET_INPUTS = new Set(['client-secret', 'client-certificate'])

const SHOWN_INPUTS = [
  'command',
  'target',
  'offer-id',
  'manifest',
  'version',
  'wait-timeout',
  'on-conflict',
  'dry-run',
  'tenant-id',
  'client-id',
  'client-secret',
  'client-certificate',
  'oidc-audience',
  'api-url',
  'login-url'
]

/**
 * The inputs as given, for the summary: the non-empty ones, as written (so an input error shows
 * the value it is about), secrets as `(set)` only.
 */
export function inputsForSummary(): [name: string, value: string][] {
  return SHOWN_INPUTS.flatMap((name): [string, string][] => {
    const value = core.getInput(name).trim()
    if (!value) return []
    return [[name, SECRET_INPUTS.has(name) ? '(set, not shown)' : value]]
  })
}

const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/

export function readInputs(): ActionInputs {
  const clientSecret = optional('client-secret')
  const clientCertificate = optional('client-certificate')
  // Mask before anything else can print them (action-engineering.md §4.6).
  if (clientSecret) registerSecret(clientSecret)
  if (clientCertificate) {
    // Line by line: the runner masks within one line. The armour lines are not secret, and
    // masking them would blank out the PEM labels that error messages quote.
    for (const line of clientCertificate.split(/\r?\n/).map((text) => text.trim()))
      if (line && !PEM_ARMOUR.test(line)) registerSecret(line)
  }
  const command = oneOf('command', COMMAND_NAMES, COMMAND_NAMES[0])
  // check signs in to nothing: pull requests from forks run it without secrets.
  const { signsIn } = commandNamed(command)
  const inputs: ActionInputs = {
    tenantId: idInput(
      'tenant-id',
      'the Entra tenant of the app registration Partner Center trusts.',
      signsIn
    ),
    clientId: idInput(
      'client-id',
      'the application (client) ID of that app registration.',
      signsIn
    ),
    clientSecret,
    clientCertificate,
    oidcAudience: optional('oidc-audience') ?? 'api://AzureADTokenExchange',
    manifest: optional('manifest') ?? 'marketplace.yml',
    offerId: optional('offer-id'),
    command,
    target: oneOf('target', ['draft', 'preview', 'live'] as const, 'preview'),
    // Checked with the manifest's rule, by the same function, when the version is resolved.
    version: optional('version'),
    waitTimeoutMinutes: minutes('wait-timeout'),
    onConflict: oneOf('on-conflict', ['fail', 'wait', 'cancel'] as const, 'fail'),
    dryRun: booleanInput('dry-run'),
    preflight: oneOf('preflight', ['error', 'warn', 'off'] as const, 'error'),
    apiUrl: baseUrl('api-url', 'https://api.partner.microsoft.com'),
    loginUrl: baseUrl('login-url', 'https://login.microsoftonline.com'),
    graphUrl: baseUrl('graph-url', 'https://graph.microsoft.com'),
    productId: productIdInput(),
    publisherId: publisherIdInput(),
    exportPath: optional('export-path') ?? 'marketplace-export/'
  }
  if (
    commandNamed(inputs.command).takesTarget &&
    inputs.target === 'live' &&
    inputs.waitTimeoutMinutes === 0 &&
    !inputs.dryRun
  ) {
    throw new InputError(
      'target: live waits for the preview to be ready and then for certification, which takes ' +
        'hours: set wait-timeout (minutes; jobs on GitHub-hosted runners end after 360), or ' +
        'publish to preview and promote later with command: go-live.',
      'target'
    )
  }
  return inputs
}

import { execFile } from 'node:child_process'
import { boundText, neutraliseText } from '../boundary/log-text.js'
import type { Logger } from '../logging.js'
import { SignInError } from './sign-in-error.js'
import { PARTNER_CENTER_RESOURCE } from './token-endpoint.js'
import type { TokenProvider } from './token-provider.js'

/** Runs `az` with these arguments and resolves with its stdout; rejects as execFile does. */
export type AzRunner = (args: string[], signal?: AbortSignal) => Promise<string>

export interface AzureCliTokenOptions {
  logger: Logger
  signal?: AbortSignal
  /** Defaults to running `az` from PATH (az.cmd on Windows). */
  run?: AzRunner
  /** The tenant to ask az for a token of (`--tenant`); az's default tenant when absent. */
  tenantId?: string
  now?: () => number
}

/** Renew a token this long before the expiry az reports, as the token provider does. */
const REFRESH_MARGIN_MS = 5 * 60_000
/** az prints a few hundred bytes; more is not az. */
const MAX_OUTPUT_BYTES = 64 * 1024

const runAz: AzRunner = (args, signal) =>
  new Promise((resolve, reject) => {
    execFile(
      process.platform === 'win32' ? 'az.cmd' : 'az',
      args,
      { signal, timeout: 60_000, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true },
      (error, stdout, stderr) =>
        error ? reject(Object.assign(error, { stderr: String(stderr) })) : resolve(String(stdout))
    )
  })

/**
 * Tokens of the Azure CLI's signed-in account (`az login`): `az account get-access-token
 * --resource <audience> --output json [--tenant <tenant>]`, one cached token per audience. Whether Partner Center's
 * ingestion API accepts a user's token depends on that user's Partner Center role; that is not
 * documented for the ingestion API (README limitations).
 * @throws SignInError when az is missing, signed out, or prints something that is not a token.
 */
export function azureCliTokenProvider(options: AzureCliTokenOptions): TokenProvider {
  const run = options.run ?? runAz
  const now = options.now ?? Date.now
  const cached = new Map<string, { token: string; renewAt: number }>()

  async function requestToken(resource: string): Promise<string> {
    const args = ['account', 'get-access-token', '--resource', resource, '--output', 'json']
    if (options.tenantId) args.push('--tenant', options.tenantId)
    let stdout: string
    try {
      stdout = await run(args, options.signal)
    } catch (error) {
      throw azError(error as NodeJS.ErrnoException & { stderr?: string })
    }
    const issued = parseAzToken(stdout)
    options.logger.secret(issued.token)
    cached.set(resource, { token: issued.token, renewAt: issued.expiresAt - REFRESH_MARGIN_MS })
    options.logger.info(`Signed in with the Azure CLI's account for ${resource}`)
    return issued.token
  }

  return {
    method: 'the Azure CLI (az login)',
    async getToken(request = {}) {
      const resource = request.resource ?? PARTNER_CENTER_RESOURCE
      const entry = cached.get(resource)
      if (entry && !request.forceRefresh && now() < entry.renewAt) return entry.token
      return requestToken(resource)
    }
  }
}

/** az's JSON: accessToken, and expires_on (epoch seconds, az ≥ 2.54) or expiresOn (local time). */
function parseAzToken(stdout: string): { token: string; expiresAt: number } {
  let body: { accessToken?: unknown; expires_on?: unknown; expiresOn?: unknown }
  try {
    body = JSON.parse(stdout) as typeof body
  } catch {
    throw new SignInError('`az account get-access-token` did not print JSON; update the Azure CLI.')
  }
  if (typeof body.accessToken !== 'string' || !/^[\w.~+/=-]{16,16384}$/.test(body.accessToken)) {
    throw new SignInError('`az account get-access-token` printed no usable accessToken.')
  }
  const epoch = Number(body.expires_on)
  const expiresAt =
    epoch > 0 ? epoch * 1000 : Date.parse(String(body.expiresOn ?? '')) || Date.now() + 5 * 60_000
  return { token: body.accessToken, expiresAt }
}

function azError(error: NodeJS.ErrnoException & { stderr?: string }): SignInError {
  if (error.code === 'ENOENT') {
    return new SignInError(
      'No credential to sign in with: no --client-secret, --client-certificate or AZURE_* ' +
        'environment variables, and the Azure CLI (az) is not on PATH. Install it and run ' +
        '`az login`, or give the app registration: --tenant-id, --client-id and a credential.'
    )
  }
  // az's message may carry Entra's error code; it is server text: one neutral, bounded line.
  const said = boundText(neutraliseText(error.stderr?.trim() ?? ''), 400)
  const code = /AADSTS\d+/.exec(said)?.[0]
  const signedOut = /az login/i.test(said)
  return new SignInError(
    (signedOut
      ? 'The Azure CLI is not signed in: run `az login` (with --tenant for the tenant of your ' +
        'Partner Center account) and try again.'
      : 'The Azure CLI could not get a token for Partner Center.') +
      (said ? ` az said: ${said}` : ''),
    { code }
  )
}

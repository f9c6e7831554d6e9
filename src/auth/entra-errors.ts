import type { HttpResponse } from '../http/types.js'
import { DEFAULT_GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_ISSUER, type Credential } from './credentials.js'
import type { FederationClaims } from './github-oidc.js'
import { SignInError } from './sign-in-error.js'
import { input, words } from '../naming.js'

/** What a failed token request was about: enough to tell the user what to change, nothing secret. */
export interface SignInContext {
  loginUrl: string
  tenantId: string
  clientId: string
  credential: Credential['kind']
  /** How the app signed in, as the token provider reports it. */
  method: string
  /** Of the certificate that signed the assertion, for a certificate credential. */
  certificateThumbprint?: string
  /** The audience the GitHub ID token was requested for, for an OIDC credential. */
  oidcAudience?: string
  /** The claims of the GitHub ID token that was sent, for an OIDC credential. */
  federation?: FederationClaims
}

/** Entra's error JSON, the same shape from the v1 and v2 token endpoints. */
interface EntraErrorBody {
  error?: string
  error_description?: string
  error_codes?: number[]
  trace_id?: string
  correlation_id?: string
}

const APP_SECRETS_PAGE = 'Entra ID → App registrations → your app → Certificates & secrets'

/** Turns a failed token response into a SignInError that says what is wrong and what to do. */
export function signInErrorFromResponse(
  response: HttpResponse,
  context: SignInContext
): SignInError {
  const body = parseEntraError(response.body)
  if (!body) {
    return new SignInError(
      `Entra ID answered HTTP ${response.status} without an error in its usual JSON shape. ` +
        `Check ${input('login-url')} (${context.loginUrl}): it must be the Entra ID authority host, ` +
        'e.g. https://login.microsoftonline.com, or the one of your sovereign cloud.',
      { status: response.status }
    )
  }
  const code = aadstsCode(body)
  const reason = entraReason(body)
  const said = entraSummary(body, code) + (reason ? ` Reason: ${reason}` : '')
  const details = {
    code,
    status: response.status,
    traceId: body.trace_id,
    correlationId: body.correlation_id
  }
  const advice = code ? adviceFor(code, context, reason) : undefined
  const ids = [
    body.trace_id && `trace ID ${body.trace_id}`,
    body.correlation_id && `correlation ID ${body.correlation_id}`
  ].filter(Boolean)
  const message = [
    `Entra ID refused to sign in app ${context.clientId} in tenant ${context.tenantId} ` +
      `(${context.method}).`,
    ...(advice ? [advice] : []),
    `Entra ID said: ${said}${ids.length ? ` (${ids.join(', ')})` : ''}`
  ].join('\n')
  return new SignInError(message, details)
}

function parseEntraError(text: string): EntraErrorBody | undefined {
  try {
    const body: unknown = JSON.parse(text)
    if (typeof body !== 'object' || body === null) return undefined
    const error = body as EntraErrorBody
    return typeof error.error === 'string' || typeof error.error_description === 'string'
      ? error
      : undefined
  } catch {
    return undefined
  }
}

function aadstsCode(body: EntraErrorBody): string | undefined {
  const first = Array.isArray(body.error_codes) ? body.error_codes[0] : undefined
  if (typeof first === 'number') return `AADSTS${first}`
  return /AADSTS\d+/.exec(body.error_description ?? '')?.[0]
}

/**
 * The first sentence of Entra's description. It continues with "Trace ID: … Correlation ID: …
 * Timestamp: …" lines, which the message gives in a shorter form.
 */
function entraSummary(body: EntraErrorBody, code: string | undefined): string {
  const description = (body.error_description ?? '').split(/\r?\n/)[0].trim()
  const sentence = /^.*?[.!?](?=\s|$)/.exec(description)?.[0] ?? description
  if (sentence) return sentence
  return code ? `${code} (${body.error})` : (body.error ?? 'unknown error')
}

/** Signature errors carry the real cause in a bracket: "[Reason - The key used is expired., …]". */
function entraReason(body: EntraErrorBody): string | undefined {
  return /\[Reason - (.*?)[,\]]/.exec(body.error_description ?? '')?.[1]
}

function adviceFor(
  code: string,
  context: SignInContext,
  reason: string | undefined
): string | undefined {
  switch (code) {
    case 'AADSTS7000215':
      return (
        'The client secret is wrong. Store the secret VALUE (shown once, when the secret is ' +
        `created), not its Secret ID; if the secret was rotated, create a new one under ${APP_SECRETS_PAGE} ` +
        `→ Client secrets and update ${words().secretStore}.`
      )
    case 'AADSTS7000222':
      return (
        `The client secret has expired. Create a new one under ${APP_SECRETS_PAGE} → Client ` +
        `secrets and store its VALUE in ${words().secretStore}.`
      )
    case 'AADSTS700016':
      return (
        `Entra ID knows no app with ${input('client-id')} ${context.clientId} in tenant ${context.tenantId}. ` +
        `Check that ${input('client-id')} is the app's Application (client) ID (not its Object ID) and that ` +
        `${input('tenant-id')} is the Directory (tenant) ID of the tenant the app is registered in; both are on the app's Overview page.`
      )
    // AADSTS900023 ("neither a valid DNS name nor a valid external domain") is the same mistake
    // as AADSTS90002, made with a malformed tenant-id.
    case 'AADSTS90002':
    case 'AADSTS900023':
      return (
        `Entra ID knows no tenant ${context.tenantId}. Check ${input('tenant-id')} (the Directory (tenant) ID ` +
        `GUID, or a verified domain of the tenant) and ${input('login-url')} (${context.loginUrl}) if the tenant is in a sovereign cloud.`
      )
    // 70021 is the generic "no matching federated identity record"; 700211/700212/700213 name the
    // issuer, audience and subject respectively; 7002138 is reported for the same mismatch by
    // azure/login users (action-engineering §3.1). One piece of advice fits them all.
    case 'AADSTS70021':
    case 'AADSTS700211':
    case 'AADSTS700212':
    case 'AADSTS700213':
    case 'AADSTS7002138':
      return federationAdvice(context)
    case 'AADSTS700027':
      if (context.credential !== 'certificate') {
        return (
          `Entra ID could not validate the signature of ${words().federated.token}. Check that ${input('login-url')} ` +
          `(${context.loginUrl}) is the Entra ID authority of your cloud.`
        )
      }
      return reason && /expired/i.test(reason)
        ? `Entra ID says the certificate has expired. Create a new certificate, upload its public part under ${APP_SECRETS_PAGE} → Certificates, and store the new certificate and private key in ${words().secretStore}.`
        : `Entra ID does not accept an assertion signed with certificate ${context.certificateThumbprint ?? ''}: ` +
            `upload this certificate's public part under ${APP_SECRETS_PAGE} → Certificates. ` +
            `If it is listed there, check that ${words().secretStore} holds its matching private key.`
    case 'AADSTS700024':
      return context.credential === 'certificate'
        ? `The client assertion is outside its valid time range: ${words().machine}'s clock is probably wrong.`
        : `Entra ID says ${words().federated.token} has expired or is not valid yet; run again, and ` +
            `if it fails again check ${words().machine}'s clock.`
    default:
      return undefined
  }
}

function federationAdvice(context: SignInContext): string {
  const claims = context.federation ?? {}
  const issuer = claims.issuer ?? GITHUB_OIDC_ISSUER
  const audience = claims.audience ?? context.oidcAudience ?? DEFAULT_GITHUB_OIDC_AUDIENCE
  const subject = claims.subject ?? '(the token carried no subject)'
  return [
    `No federated credential of app ${context.clientId} matches ${words().federated.token}. It carries:`,
    `  issuer:   ${issuer}`,
    `  subject:  ${subject}`,
    `  audience: ${audience}`,
    'Add a federated credential with exactly these three values (matching is case-sensitive) under ' +
      `${APP_SECRETS_PAGE} → Federated credentials ${words().federated.scenario}`
  ].join('\n')
}

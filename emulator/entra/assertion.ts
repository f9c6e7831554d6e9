import { createHash, X509Certificate, type KeyObject } from 'node:crypto'
import { GITHUB_ISSUER } from '../github-oidc.js'
import { decodeJwt, verifySignature, type DecodedJwt } from '../jwt.js'
import type { AppRegistration } from '../types.js'
import { entraErrors } from './errors.js'

interface AssertionContext {
  app: AppRegistration
  /** The token endpoint URL the client posted to; `aud` of a certificate assertion must equal it. */
  endpointUrls: string[]
  now: Date
  githubKey: KeyObject
}

/** Verifies a client assertion for real; throws an EntraError shaped like Entra's answer. */
export function verifyClientAssertion(assertion: string, ctx: AssertionContext): void {
  const jwt = decodeJwt(assertion)
  if (!jwt) throw entraErrors.invalidAssertionType()
  if (jwt.payload.iss === GITHUB_ISSUER) verifyFederated(jwt, ctx)
  else verifyCertificateAssertion(jwt, ctx)
}

function checkTimes(jwt: DecodedJwt, now: Date): void {
  const exp = Number(jwt.payload.exp)
  const nbf = Number(jwt.payload.nbf ?? jwt.payload.iat ?? 0)
  const nowSeconds = now.getTime() / 1000
  if (!Number.isFinite(exp) || exp <= nowSeconds || nbf > nowSeconds) {
    throw entraErrors.badTimes(now, nbf, Number.isFinite(exp) ? exp : 0)
  }
}

function verifyFederated(jwt: DecodedJwt, { app, now, githubKey }: AssertionContext): void {
  if (!verifySignature(jwt, githubKey)) {
    throw entraErrors.badSignature('The token was not signed by the issuer.')
  }
  checkTimes(jwt, now)
  const credentials = app.federatedCredentials ?? []
  const issuer = String(jwt.payload.iss)
  const byIssuer = credentials.filter((c) => c.issuer === issuer)
  if (byIssuer.length === 0) throw entraErrors.noFederatedIssuer(issuer)
  const audiences = Array.isArray(jwt.payload.aud)
    ? jwt.payload.aud.map(String)
    : [String(jwt.payload.aud)]
  const byAudience = byIssuer.filter((c) => audiences.includes(c.audience))
  if (byAudience.length === 0) throw entraErrors.noFederatedAudience(audiences.join(', '))
  const subject = String(jwt.payload.sub)
  if (!byAudience.some((c) => c.subject === subject)) throw entraErrors.noFederatedSubject(subject)
}

function verifyCertificateAssertion(
  jwt: DecodedJwt,
  { app, endpointUrls, now: simulated }: AssertionContext
): void {
  // The action dates its assertion (and the certificate is dated) by the real clock, which the
  // simulated one, running hundreds of times faster, leaves behind within a second; a test may
  // date them by the simulated clock instead. Either is accepted, as Entra tolerates clock skew.
  const real = new Date()
  const now = Math.abs(Number(jwt.payload.iat) * 1000 - real.getTime()) < 600_000 ? real : simulated
  if (!app.certificatePem)
    throw entraErrors.badSignature('No certificate is registered for this application.')
  const certificate = new X509Certificate(app.certificatePem)
  const sha1 = createHash('sha1').update(certificate.raw).digest('base64url')
  const sha256 = createHash('sha256').update(certificate.raw).digest('base64url')
  const x5t = jwt.header.x5t
  const x5tS256 = jwt.header['x5t#S256']
  const presented = String(x5tS256 ?? x5t ?? '')
  if (
    (x5t === undefined && x5tS256 === undefined) ||
    (x5t !== undefined && x5t !== sha1) ||
    (x5tS256 !== undefined && x5tS256 !== sha256)
  ) {
    throw entraErrors.badSignature(
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${presented}']`
    )
  }
  if (!verifySignature(jwt, certificate.publicKey)) {
    throw entraErrors.badSignature(
      `[Reason - The signature is invalid., Thumbprint of key used by client: '${presented}']`
    )
  }
  if (new Date(certificate.validTo).getTime() < now.getTime())
    throw entraErrors.expiredCertificate(presented)
  checkTimes(jwt, now)
  if (jwt.payload.iss !== app.clientId || jwt.payload.sub !== app.clientId)
    throw entraErrors.wrongIssuerClaim()
  if (!endpointUrls.includes(String(jwt.payload.aud))) {
    throw entraErrors.badClaims(`Audience: '${String(jwt.payload.aud)}'.`)
  }
}

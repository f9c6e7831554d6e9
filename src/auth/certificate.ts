import {
  X509Certificate,
  constants,
  createHash,
  createPrivateKey,
  randomUUID,
  sign,
  type KeyObject
} from 'node:crypto'
import type { AssertionAlgorithm } from './credentials.js'
import { base64url, encodeJwtPart } from './jwt.js'
import { SignInError } from './sign-in-error.js'
import { input, words } from '../naming.js'

/** A certificate credential, parsed and checked once, ready to sign client assertions. */
export interface ClientCertificate {
  /** SHA-1 of the DER in upper-case hex: what Entra ID shows under Certificates & secrets. */
  thumbprint: string
  notBefore: Date
  notAfter: Date
  /** base64url SHA-1 and SHA-256 of the DER, the JWT header's `x5t` and `x5t#S256`. */
  x5t: string
  x5tS256: string
  privateKey: KeyObject
  /** The private key as it appears in the input, whole and line by line, for masking. */
  privateKeyTexts: string[]
}

/** Entra keeps a client assertion's lifetime short; 10 minutes is what MSAL uses. */
const ASSERTION_LIFETIME_SECONDS = 600

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g

/**
 * Parses the PEM of a certificate credential: the certificate (a chain may follow it) and its
 * unencrypted RSA private key, in any order. Throws a SignInError that says how to fix the PEM.
 */
export function loadCertificate(pem: string): ClientCertificate {
  const blocks = [...normaliseNewlines(pem).matchAll(PEM_BLOCK)].map((match) => ({
    label: match[1],
    text: match[0],
    body: match[2]
  }))
  const certificates = blocks.filter((block) => block.label === 'CERTIFICATE')
  const keyBlock = blocks.find((block) => block.label.endsWith('PRIVATE KEY'))
  if (certificates.length === 0 || !keyBlock) {
    throw new SignInError(
      `${input('client-certificate')} must hold the certificate AND its private key in PEM ` +
        '(-----BEGIN CERTIFICATE----- … and -----BEGIN PRIVATE KEY----- …); found ' +
        (blocks.length ? blocks.map((block) => block.label).join(', ') : 'no PEM block') +
        `. From a .pfx: openssl pkcs12 -in cert.pfx -nodes, then ${words().storePem}.`
    )
  }
  const privateKeyTexts = [keyBlock.text, ...keyBlock.body.split(/\s+/).filter(Boolean)]
  if (keyBlock.label === 'ENCRYPTED PRIVATE KEY') {
    throw new SignInError(
      `The private key in ${input('client-certificate')} is encrypted with a password. Store it ` +
        `unencrypted (openssl pkey -in key.pem -out key-plain.pem) in ${words().secretStore}.`
    )
  }
  const privateKey = parsePrivateKey(keyBlock.label, keyBlock.body)
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new SignInError(
      `The private key in ${input('client-certificate')} is ${privateKey.asymmetricKeyType ?? 'of an unknown type'}; ` +
        'Entra ID client assertions here are signed with RSA keys only (PS256 or RS256).'
    )
  }
  const parsed = certificates.map((block) => parseCertificate(block.body))
  // The leaf comes first by convention, but search the chain so that order does not matter.
  const certificate = parsed.find((candidate) => candidate.checkPrivateKey(privateKey))
  if (!certificate) {
    throw new SignInError(
      `The private key in ${input('client-certificate')} does not belong to its certificate (thumbprint ${thumbprintOf(parsed[0])}). ` +
        'Store the certificate together with the private key it was created with.'
    )
  }
  return {
    thumbprint: thumbprintOf(certificate),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    x5t: base64url(createHash('sha1').update(certificate.raw).digest()),
    x5tS256: base64url(createHash('sha256').update(certificate.raw).digest()),
    privateKey,
    privateKeyTexts
  }
}

/** Refuses a certificate outside its validity, before Entra is asked (its error says less). */
export function assertCertificateCurrent(certificate: ClientCertificate, now: Date): void {
  if (now < certificate.notBefore) {
    throw new SignInError(
      `The certificate in ${input('client-certificate')} (thumbprint ${certificate.thumbprint}) is not valid ` +
        `until ${certificate.notBefore.toISOString()}. Check ${words().machine}'s clock or use a current certificate.`
    )
  }
  if (now > certificate.notAfter) {
    throw new SignInError(
      `The certificate in ${input('client-certificate')} (thumbprint ${certificate.thumbprint}) expired on ` +
        `${certificate.notAfter.toISOString()}. Create a new certificate, upload its public part to ` +
        'Entra ID → App registrations → your app → Certificates & secrets → Certificates, and store ' +
        `the new certificate and private key in ${words().secretStore}.`
    )
  }
}

export interface AssertionClaims {
  clientId: string
  /** The token endpoint the assertion is sent to: Entra checks `aud` against it. */
  audience: string
  algorithm: AssertionAlgorithm
  now: Date
}

/** Builds and signs the client assertion JWT (RFC 7523) that stands in for a client secret. */
export function createClientAssertion(
  certificate: ClientCertificate,
  claims: AssertionClaims
): string {
  const issuedAt = Math.floor(claims.now.getTime() / 1000)
  const header = {
    alg: claims.algorithm,
    typ: 'JWT',
    x5t: certificate.x5t,
    'x5t#S256': certificate.x5tS256
  }
  const payload = {
    aud: claims.audience,
    iss: claims.clientId,
    sub: claims.clientId,
    jti: randomUUID(),
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + ASSERTION_LIFETIME_SECONDS
  }
  const signingInput = `${encodeJwtPart(header)}.${encodeJwtPart(payload)}`
  const padding =
    claims.algorithm === 'PS256'
      ? // RFC 7518 §3.5: PSS with SHA-256, MGF1 with SHA-256 and a salt as long as the digest.
        { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : { padding: constants.RSA_PKCS1_PADDING }
  const signature = sign('sha256', Buffer.from(signingInput), {
    key: certificate.privateKey,
    ...padding
  })
  return `${signingInput}.${base64url(signature)}`
}

/**
 * GitHub secrets come back as pasted: CRLF from Windows editors, or one line with literal `\n`
 * when the PEM was JSON-escaped first. PEM parsing tolerates both.
 */
function normaliseNewlines(pem: string): string {
  const text = pem.replace(/\r\n?/g, '\n')
  return text.includes('\n') ? text : text.replace(/\\n/g, '\n')
}

/** Rebuilds the block with 64-column lines, so that spaces in place of newlines do no harm. */
function rewrap(label: string, body: string): string {
  const base64 = body.replace(/\s+/g, '')
  const lines = base64.match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

function parsePrivateKey(label: string, body: string): KeyObject {
  try {
    return createPrivateKey(rewrap(label, body))
  } catch (error) {
    throw new SignInError(
      `The private key in ${input('client-certificate')} (${label}) could not be read: ${(error as Error).message}.`
    )
  }
}

function parseCertificate(body: string): X509Certificate {
  try {
    return new X509Certificate(rewrap('CERTIFICATE', body))
  } catch (error) {
    throw new SignInError(
      `The certificate in ${input('client-certificate')} could not be read: ${(error as Error).message}.`
    )
  }
}

function thumbprintOf(certificate: X509Certificate): string {
  return certificate.fingerprint.replace(/:/g, '')
}

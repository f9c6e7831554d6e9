import { constants, createHash, generateKeyPairSync, verify } from 'node:crypto'
import { beforeAll, describe, expect, it } from '@jest/globals'
import {
  assertCertificateCurrent,
  createClientAssertion,
  loadCertificate
} from '../../../src/auth/certificate.js'
import { SignInError } from '../../../src/auth/sign-in-error.js'
import {
  createExpiredCertificate,
  createTestCertificate,
  rsaKeyPair,
  type TestCertificate
} from '../../support/certificates.js'

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
}

describe('loadCertificate', () => {
  let current: TestCertificate

  beforeAll(() => {
    current = createTestCertificate()
  })

  it('reads certificate and key, with the thumbprint Entra ID shows', () => {
    const loaded = loadCertificate(current.combinedPem)
    expect(loaded.thumbprint).toBe(current.thumbprint)
    expect(loaded.notAfter).toEqual(current.notAfter)
    expect(loaded.privateKeyTexts[0]).toBe(current.privateKeyPem.trim())
  })

  it('accepts the key first, a PKCS#1 key, CRLF line ends and spaces in place of newlines', () => {
    const pkcs1 = createTestCertificate({ keyFormat: 'pkcs1' })
    const reordered = (pkcs1.privateKeyPem + pkcs1.certificatePem).replace(/\n/g, '\r\n')
    expect(loadCertificate(reordered).thumbprint).toBe(pkcs1.thumbprint)
    const body = (pem: string) =>
      pem.split('\n').filter((line) => line && !line.startsWith('-----'))
    const flattened =
      `-----BEGIN CERTIFICATE----- ${body(current.certificatePem).join(' ')} -----END CERTIFICATE----- ` +
      `-----BEGIN PRIVATE KEY----- ${body(current.privateKeyPem).join(' ')} -----END PRIVATE KEY-----`
    expect(loadCertificate(flattened).thumbprint).toBe(current.thumbprint)
  })

  it('accepts a PEM whose newlines were escaped as \\n into one line', () => {
    expect(loadCertificate(current.combinedPem.replace(/\n/g, '\\n')).thumbprint).toBe(
      current.thumbprint
    )
  })

  it('finds the certificate of the key in a chain, whatever the order', () => {
    const other = createTestCertificate({ commonName: 'issuing CA' })
    const chain = other.certificatePem + current.certificatePem + current.privateKeyPem
    expect(loadCertificate(chain).thumbprint).toBe(current.thumbprint)
  })

  it('refuses a key that does not belong to the certificate', () => {
    const stranger = createTestCertificate({ keyPair: rsaKeyPair() })
    expect(() => loadCertificate(current.certificatePem + stranger.privateKeyPem)).toThrow(
      `does not belong to its certificate (thumbprint ${current.thumbprint})`
    )
  })

  it('says what is missing when the key or the certificate is absent', () => {
    expect(() => loadCertificate(current.certificatePem)).toThrow(/found CERTIFICATE\./)
    expect(() => loadCertificate(current.privateKeyPem)).toThrow(/found PRIVATE KEY\./)
    expect(() => loadCertificate('not a pem')).toThrow(/found no PEM block/)
  })

  it('refuses an encrypted key and says how to store it', () => {
    const { privateKey } = rsaKeyPair()
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString()
    expect(() => loadCertificate(current.certificatePem + encrypted)).toThrow(
      /encrypted with a password.*openssl pkey/
    )
  })

  it('refuses a key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString()
    expect(() => loadCertificate(current.certificatePem + ec)).toThrow(/is ec; .*RSA keys only/)
  })
})

describe('assertCertificateCurrent', () => {
  it('names the expiry date and what to do for an expired certificate', () => {
    const expired = createExpiredCertificate()
    const loaded = loadCertificate(expired.combinedPem)
    const check = () => assertCertificateCurrent(loaded, new Date())
    expect(check).toThrow(SignInError)
    expect(check).toThrow(`expired on ${loaded.notAfter.toISOString()}`)
    expect(check).toThrow(/Create a new certificate, upload its public part/)
  })

  it('refuses a certificate that is not valid yet', () => {
    const future = createTestCertificate({ notBefore: new Date(Date.now() + 86_400_000) })
    expect(() => assertCertificateCurrent(loadCertificate(future.combinedPem), new Date())).toThrow(
      /is not valid until/
    )
  })
})

describe('createClientAssertion', () => {
  let cert: TestCertificate
  const audience = 'https://login.example/tenant/oauth2/v2.0/token'
  const now = new Date('2026-11-24T00:00:00Z')

  beforeAll(() => {
    cert = createTestCertificate({ notBefore: new Date('2026-01-01T00:00:00Z') })
  })

  function assertionParts(algorithm: 'PS256' | 'RS256') {
    const loaded = loadCertificate(cert.combinedPem)
    const jwt = createClientAssertion(loaded, { clientId: 'client-1', audience, algorithm, now })
    const [header, payload, signature] = jwt.split('.')
    return { header, payload, signature, loaded }
  }

  it('puts the certificate hashes in the header and the required claims in the payload', () => {
    const { header, payload } = assertionParts('PS256')
    const der = Buffer.from(cert.certificatePem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64')
    expect(decodePart(header)).toEqual({
      alg: 'PS256',
      typ: 'JWT',
      x5t: createHash('sha1').update(der).digest('base64url'),
      'x5t#S256': createHash('sha256').update(der).digest('base64url')
    })
    const claims = decodePart(payload)
    const issuedAt = now.getTime() / 1000
    expect(claims).toMatchObject({
      aud: audience,
      iss: 'client-1',
      sub: 'client-1',
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + 600
    })
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('gives every assertion its own jti', () => {
    expect(decodePart(assertionParts('PS256').payload).jti).not.toBe(
      decodePart(assertionParts('PS256').payload).jti
    )
  })

  it('signs PS256 with a digest-length salt, as RFC 7518 requires', () => {
    const { header, payload, signature, loaded } = assertionParts('PS256')
    const data = Buffer.from(`${header}.${payload}`)
    const key = {
      key: loaded.privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST
    }
    expect(verify('sha256', data, key, Buffer.from(signature, 'base64url'))).toBe(true)
    // And not with PKCS#1 v1.5 padding: the algorithm in the header is the one used.
    expect(verify('sha256', data, loaded.privateKey, Buffer.from(signature, 'base64url'))).toBe(
      false
    )
  })

  it('signs RS256 with PKCS#1 v1.5 padding', () => {
    const { header, payload, signature, loaded } = assertionParts('RS256')
    expect(decodePart(header).alg).toBe('RS256')
    const data = Buffer.from(`${header}.${payload}`)
    expect(verify('sha256', data, loaded.privateKey, Buffer.from(signature, 'base64url'))).toBe(
      true
    )
  })
})

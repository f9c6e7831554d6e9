/**
 * Self-signed X.509 certificates for tests, made with node:crypto alone. Node can parse
 * certificates but not create them, so this writes the DER (RFC 5280) itself with a small
 * ASN.1 writer and signs it with sha256WithRSAEncryption.
 */
import {
  X509Certificate,
  createHash,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject
} from 'node:crypto'

export interface TestCertificate {
  /** -----BEGIN CERTIFICATE----- … */
  certificatePem: string
  /** -----BEGIN PRIVATE KEY----- (PKCS#8) or -----BEGIN RSA PRIVATE KEY----- (PKCS#1) … */
  privateKeyPem: string
  /** Certificate then private key: what a user stores in the client-certificate secret. */
  combinedPem: string
  /** SHA-1 of the DER in upper-case hex, as Entra ID shows it. */
  thumbprint: string
  privateKey: KeyObject
  notBefore: Date
  notAfter: Date
}

export interface TestCertificateOptions {
  commonName?: string
  /** Default: one day ago. */
  notBefore?: Date
  /** Default: 30 days after notBefore. */
  notAfter?: Date
  /** Reuse a key pair (RSA key generation is the slow part); a new 2048-bit pair otherwise. */
  keyPair?: { privateKey: KeyObject; publicKey: KeyObject }
  /** How the private key PEM is written. Default 'pkcs8'. */
  keyFormat?: 'pkcs8' | 'pkcs1'
}

const DAY_MS = 24 * 60 * 60 * 1000

export function rsaKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
}

export function createTestCertificate(options: TestCertificateOptions = {}): TestCertificate {
  const { privateKey, publicKey } = options.keyPair ?? rsaKeyPair()
  // Certificates store whole seconds; the dates returned are the ones written.
  const notBefore = wholeSeconds(options.notBefore ?? new Date(Date.now() - DAY_MS))
  const notAfter = wholeSeconds(options.notAfter ?? new Date(notBefore.getTime() + 30 * DAY_MS))
  const name = distinguishedName(options.commonName ?? 'partner-center-publish test')
  const signatureAlgorithm = sequence(oid(SHA256_WITH_RSA), NULL)

  const tbsCertificate = sequence(
    explicit(0, integer(Buffer.from([2]))), // version v3
    integer(serialNumber()),
    signatureAlgorithm,
    name, // issuer: self-signed
    sequence(time(notBefore), time(notAfter)),
    name, // subject
    publicKey.export({ type: 'spki', format: 'der' })
  )
  const signature = sign('sha256', tbsCertificate, privateKey)
  const der = sequence(tbsCertificate, signatureAlgorithm, bitString(signature))

  const certificatePem = pem('CERTIFICATE', der)
  const keyFormat = options.keyFormat ?? 'pkcs8'
  const privateKeyPem = privateKey.export({ type: keyFormat, format: 'pem' }).toString()
  // Parse what was written, so that a bug in the writer fails here and not in the code under test.
  const certificate = new X509Certificate(certificatePem)
  return {
    certificatePem,
    privateKeyPem,
    combinedPem: certificatePem + privateKeyPem,
    thumbprint: createHash('sha1').update(certificate.raw).digest('hex').toUpperCase(),
    privateKey,
    notBefore,
    notAfter
  }
}

/** Valid from 60 days ago until yesterday. */
export function createExpiredCertificate(
  options: Omit<TestCertificateOptions, 'notBefore' | 'notAfter'> = {}
): TestCertificate {
  const now = Date.now()
  return createTestCertificate({
    ...options,
    notBefore: new Date(now - 60 * DAY_MS),
    notAfter: new Date(now - DAY_MS)
  })
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000)
}

// --- A minimal DER writer: just the types a certificate needs. ---

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const COMMON_NAME = '2.5.4.3'
const NULL = Buffer.from([0x05, 0x00])

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content])
}

/** Short form below 128, else 0x80 + the number of length bytes, then the bytes (big-endian). */
function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length])
  const bytes: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items))
}

function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items))
}

function explicit(tagNumber: number, content: Buffer): Buffer {
  return tlv(0xa0 + tagNumber, content)
}

/** A non-negative INTEGER: a leading zero byte keeps a set high bit from meaning "negative". */
function integer(bytes: Buffer): Buffer {
  return tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes)
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number)
  const bytes = [first * 40 + second]
  for (const arc of rest) {
    const groups = [arc & 0x7f]
    for (let value = arc >>> 7; value > 0; value >>>= 7) groups.unshift((value & 0x7f) | 0x80)
    bytes.push(...groups)
  }
  return tlv(0x06, Buffer.from(bytes))
}

function bitString(bytes: Buffer): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([0]), bytes])) // 0 unused bits
}

/** RFC 5280 §4.1.2.5: UTCTime for years 1950–2049, GeneralizedTime otherwise. */
function time(date: Date): Buffer {
  const iso = date.toISOString() // 2026-11-24T00:08:05.123Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '') + 'Z'
  const year = date.getUTCFullYear()
  return year >= 1950 && year < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(0x18, Buffer.from(digits, 'ascii'))
}

function distinguishedName(commonName: string): Buffer {
  return sequence(set(sequence(oid(COMMON_NAME), tlv(0x0c, Buffer.from(commonName, 'utf8')))))
}

/** 16 random bytes, positive and without a leading zero byte (RFC 5280 §4.1.2.2). */
function serialNumber(): Buffer {
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0] & 0x7f) | 0x01
  return bytes
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

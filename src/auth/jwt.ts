/** The little JWT handling sign-in needs: encoding the parts we sign, reading claims we don't verify. */

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

export function encodeJwtPart(value: object): string {
  return base64url(JSON.stringify(value))
}

/**
 * Reads a JWT's payload WITHOUT verifying its signature: only to show the non-secret claims a
 * token carries (the issuer, subject and audience Entra will match). Undefined when the text is
 * not a JWT.
 */
export function decodeUnverifiedClaims(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.split('.')
  if (parts.length !== 3) return undefined
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

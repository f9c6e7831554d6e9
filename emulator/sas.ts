import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const STORAGE_VERSION = '2021-08-06'

/** Signs and checks the emulator's blob SAS: an HMAC-SHA256 over path, permissions and expiry. */
export class SasSigner {
  private readonly secret = randomBytes(32)

  private signature(path: string, permissions: string, expiry: string): string {
    return createHmac('sha256', this.secret)
      .update(`${path}\n${permissions}\n${expiry}`)
      .digest('base64')
  }

  /** Query string (without '?') granting `permissions` on `path` until `expiresAt`. */
  query(path: string, permissions: string, expiresAt: Date): string {
    const se = expiresAt.toISOString().replace(/\.\d+Z$/, 'Z')
    const params = new URLSearchParams({
      sv: STORAGE_VERSION,
      sr: 'b',
      sig: this.signature(path, permissions, se),
      se,
      sp: permissions
    })
    return params.toString()
  }

  /** 'ok', or why Azure Storage would refuse it. */
  check(
    path: string,
    query: URLSearchParams,
    nowMs: number,
    needed: string
  ): 'ok' | 'AuthenticationFailed' | 'AuthorizationPermissionMismatch' {
    const sp = query.get('sp') ?? ''
    const se = query.get('se') ?? ''
    const sig = Buffer.from(query.get('sig') ?? '', 'base64')
    const expected = Buffer.from(this.signature(path, sp, se), 'base64')
    if (
      query.get('sr') !== 'b' ||
      sig.length !== expected.length ||
      !timingSafeEqual(sig, expected)
    ) {
      return 'AuthenticationFailed'
    }
    if (!(Date.parse(se) > nowMs)) return 'AuthenticationFailed'
    return [...needed].every((p) => sp.includes(p)) ? 'ok' : 'AuthorizationPermissionMismatch'
  }
}

import type { SimulatedClock } from '../clock.js'
import { randomToken } from '../ids.js'

interface IssuedToken {
  audience: string
  expiresAtMs: number
}

/** Access tokens are opaque random strings; this remembers whom each was issued for and until when. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>()

  constructor(
    private readonly clock: SimulatedClock,
    private readonly lifetimeSeconds: number
  ) {}

  issue(audience: string): { token: string; expiresIn: number; expiresOn: number } {
    const token = randomToken(48)
    const expiresAtMs = this.clock.nowMs() + this.lifetimeSeconds * 1000
    this.tokens.set(token, { audience, expiresAtMs })
    return { token, expiresIn: this.lifetimeSeconds, expiresOn: Math.floor(expiresAtMs / 1000) }
  }

  /** The audience a token was issued for (any expiry), or undefined for a token never issued. */
  audienceOf(token: string): string | undefined {
    return this.tokens.get(token)?.audience
  }

  /** True when the token exists, is unexpired on the emulator clock, and is for this audience. */
  isValid(token: string, audience: string): boolean {
    const issued = this.tokens.get(token)
    return !!issued && issued.audience === audience && issued.expiresAtMs > this.clock.nowMs()
  }
}

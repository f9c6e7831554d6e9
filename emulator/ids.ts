import { randomBytes, randomUUID } from 'node:crypto'

export const newGuid = (): string => randomUUID()

/** Opaque random string for tokens and secrets. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url')

/** Submission ids are 19-digit numbers as strings (§3.5), starting like the real ones with 1152921505. */
export function newSubmissionId(): string {
  const tail = BigInt('0x' + randomBytes(6).toString('hex')) % 1_000_000_000n
  return '1152921505' + tail.toString().padStart(9, '0')
}

/** Cosmos DB style etag value, quotes included (§3.6): "6a022fbd-0000-0800-0000-6802710c0000". */
export function newEtag(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0')
  return `"${randomBytes(4).toString('hex')}-0000-0800-0000-${seconds}0000"`
}

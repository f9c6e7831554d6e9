/**
 * On an offer whose lists take several pages (the emulator's default page size of 2), each
 * plan's technical configuration is read as soon as the pages naming the plan and its Package
 * draft are in, not after the last page of every list (issue 16, docs/benchmarks.md, 3); each
 * is still read once. Counted and ordered on what reached the emulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { RecordedRequest } from '../../emulator/index.js'
import { Api } from '../emulator/support.js'
import { startHarness, VALID_PACKAGE, type Harness } from './harness.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** Plans only on the offer: the plan list and the branch lists grow to 6 pages, 2 of them published. */
const OFFER_ONLY = Array.from({ length: 8 }, (_, index) => `plan-${index + 3}`)

/**
 * Adds solution-template plans to the sample offer; with `publish`, also to the manifest, with
 * their packages.
 */
async function addPlans(
  h: Harness,
  planIds: string[],
  publish: boolean
): Promise<{ api: Api; productId: string }> {
  const api = await Api.create(h.emulator)
  const productId = await api.productId()
  for (const planId of planIds) {
    const created = await api.request('POST', `products/${productId}/variants`, {
      resourceType: 'AzureSkuVariant',
      friendlyName: planId,
      externalID: planId,
      subType: 'solution-template'
    })
    expect(created.status).toBe(201)
    if (publish) await h.write(`build/${planId}.zip`, VALID_PACKAGE)
  }
  if (!publish) return { api, productId }
  await h.write(
    'marketplace.yml',
    [
      'offer: contoso-app',
      'plans:',
      '  - id: standard',
      '    package: build/standard.zip',
      '  - id: premium',
      '    package: build/premium.zip',
      ...planIds.flatMap((planId) => [`  - id: ${planId}`, `    package: build/${planId}.zip`])
    ].join('\n')
  )
  return { api, productId }
}

describe('plans read page by page', () => {
  it("reads each plan's configuration once, before the plan list's last page", async () => {
    harness = await startHarness()
    await addPlans(harness, OFFER_ONLY, false)
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
    // Ten plans and the test drive at two per page: the plan list is 6 pages long. Two plans
    // are published (few enough calls that nothing waits under the limit of 8 in flight).
    expect(planPages.length).toBeGreaterThanOrEqual(6)
    expect(configurationReads).toHaveLength(2)
    expect(configurationReads[1]).toBeLessThan(planPages[planPages.length - 1])
  })

  it("reads the frozen plans' Package drafts again once their binds are done, not after every bind", async () => {
    // The sample's live submission names the Package drafts of standard and premium (frozen, §4);
    // plan-3's is not, and its bind is held back 1.5 s.
    harness = await startHarness()
    const { api, productId } = await addPlans(harness, ['plan-3'], true)
    const draft = await api.branch(productId, 'Package', await api.variantId(productId, 'plan-3'))
    const [configuration] = (
      await api.get(
        `products/${productId}/packageConfigurations/getByInstanceID(instanceID=${draft})`
      )
    ).json.value
    harness.emulator.faults.add({
      method: 'PUT',
      path: new RegExp(`/packageConfigurations/${configuration.id}$`, 'i'),
      delayMs: 1500
    })
    const held = {
      bind: undefined as RecordedRequest | undefined,
      anyBindSent: false,
      answeredAtReread: [] as number[]
    }
    const requests = harness.emulator.requests
    const push = requests.push.bind(requests)
    requests.push = (...records: RecordedRequest[]) => {
      for (const record of records) {
        if (record.method === 'PUT' && /\/packageConfigurations\//i.test(record.path)) {
          held.anyBindSent = true
          if (record.path.toLowerCase().endsWith(configuration.id.toLowerCase())) held.bind = record
        }
        // A Package branch read once the binds have begun: the frozen drafts' re-read. Plan-3's
        // bind then is unanswered (status 0) or, on a busy machine, not even sent yet: either
        // way not done, which is the claim.
        if (held.anyBindSent && /branches\/getByModule\(module=Package\)$/i.test(record.path))
          held.answeredAtReread.push(held.bind?.status ?? 0)
      }
      return push(...records)
    }

    const run = await harness.run({ target: 'preview', 'wait-timeout': '0' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('submitted')
    // The re-read (its pages) was made while plan-3's bind was still unanswered (status 0).
    expect(held.answeredAtReread.length).toBeGreaterThan(0)
    expect(held.answeredAtReread.every((status) => status === 0)).toBe(true)
  })
})

/**
 * The action against the 2026 service (emulator profile '2026', reference §9 items 3, 18, 19):
 * offers missing from the product listing, plans whose technical configuration is an
 * AzureApplicationPackageConfiguration, and the publisher-id header requirement.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SAMPLE, type EmulatorOptions } from '../../emulator/index.js'
import { SAMPLE_PRODUCT_ID } from '../../emulator/seed.js'
import { expectNoSecrets, resultOf, startHarness, writeRequests, type Harness } from './harness.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

async function start2026(options: EmulatorOptions = {}): Promise<Harness> {
  harness = await startHarness({ profile: '2026', ...options })
  return harness
}

const LOOKUP = /^\/rp\/product-ingestion\/product$/i
const lookups = (h: Harness) => h.emulator.requests.filter((request) => LOOKUP.test(request.path))
const listings = (h: Harness) =>
  h.emulator.requests.filter((request) => /\/v1\.0\/ingestion\/products$/i.test(request.path))

describe('an offer missing from the product listing (2026 migration)', () => {
  const BY_LOOKUP = {}
  const BY_PRODUCT_ID = { 'product-id': SAMPLE_PRODUCT_ID }
  it.each([
    ['preview', 'found through the Product Ingestion lookup', BY_LOOKUP],
    ['preview', 'named by product-id', BY_PRODUCT_ID],
    ['live', 'found through the Product Ingestion lookup', BY_LOOKUP],
    ['live', 'named by product-id', BY_PRODUCT_ID]
  ])('publishes to %s, %s', async (target, _how, inputs: Record<string, string>) => {
    const h = await start2026()
    const run = await h.run({ ...inputs, target, 'wait-timeout': target === 'live' ? '10' : '0' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['product-id']).toBe(SAMPLE_PRODUCT_ID)
    // Given the GUID, the action asks neither the listing nor the lookup; otherwise both, once.
    const byLookup = inputs === BY_LOOKUP
    expect({
      listed: listings(h).length > 0,
      lookups: lookups(h).map((r) => new URLSearchParams(r.query).get('$version')),
      foundThroughLookup: run.stdout.includes('found through the Product Ingestion API')
    }).toEqual({
      listed: byLookup,
      lookups: byLookup ? ['2022-07-01'] : [],
      foundThroughLookup: byLookup
    })
    const created = h.emulator
      .inspect(SAMPLE.offerId)
      .submissions.find((s) => s.id === run.outputs['submission-id'])!
    expect(run.outputs.status).toBe(target === 'live' ? 'live' : 'submitted')
    // Live means in the store; a preview submission moves on by itself, so its substate varies.
    expect(target === 'live' ? created.substate : 'InStore').toBe('InStore')
    expectNoSecrets(run, h.emulator)
  })
})

describe('plans whose technical configuration is an AzureApplicationPackageConfiguration', () => {
  it('binds the package with the type read, and reports the plan kind Partner Center gives', async () => {
    const h = await start2026()
    const run = await h.run({ target: 'draft' })
    expect(run.exitCode).toBe(0)
    const offer = h.emulator.inspect(SAMPLE.offerId)
    const packages = JSON.parse(run.outputs.packages)
    for (const plan of ['standard', 'premium']) {
      const configuration = offer.packageConfigurations.find((c) => c.planId === plan)!
      expect(configuration.resourceType).toBe('AzureApplicationPackageConfiguration')
      expect(configuration.version).toBe('1.2.3')
      expect(configuration.packageReferences).toEqual([
        { type: 'AzureApplicationPackage', value: packages[plan].packageId }
      ])
    }
    const configurationPuts = h.emulator.requests.filter(
      (r) => r.method === 'PUT' && /packageConfigurations/i.test(r.path)
    )
    for (const put of configurationPuts) {
      expect(JSON.parse(put.body).resourceType).toBe('AzureApplicationPackageConfiguration')
    }
    expect(
      resultOf(run)
        .plans.map((plan) => plan.kind)
        .sort()
    ).toEqual(['managed-application', 'solution-template'])
  })
})

describe('a required publisher id (June 2026)', () => {
  it('without the input: fails on the first call, telling to set publisher-id, with zero writes', async () => {
    const h = await start2026({ requirePublisherId: true })
    const run = await h.run()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('x-ms-publisherId is a required header')
    expect(run.stdout).toMatch(/set the `publisher-id` input to your seller ID/)
    expect(writeRequests(h.emulator)).toEqual([])
  })

  it('with the input: sends x-ms-publisherId on every ingestion call, and publishes', async () => {
    const h = await start2026({ requirePublisherId: true })
    const run = await h.run({ 'publisher-id': '12345678' })
    expect(run.exitCode).toBe(0)
    const ingestion = h.emulator.requests.filter((r) => r.path.startsWith('/v1.0/ingestion/'))
    expect(ingestion.length).toBeGreaterThan(10)
    expect(new Set(ingestion.map((r) => r.headers['x-ms-publisherid']))).toEqual(
      new Set(['12345678'])
    )
    // The identifying User-Agent stays.
    expect(ingestion[0].headers['user-agent']).toMatch(/partner-center-publish/i)
  })

  it('a publisher-id that is not an id is refused before any request', async () => {
    const h = await start2026()
    const run = await h.run({ 'publisher-id': '123\r\nx-evil: 1' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('Input publisher-id')
    expect(h.emulator.requests).toEqual([])
  })
})

describe('an offer found nowhere', () => {
  it('says where it looked, that migrated offers may be missing, and how to pass product-id; writes nothing', async () => {
    const h = await start2026()
    await h.write(
      'marketplace.yml',
      'offer: no-such-offer\nplans:\n  - id: standard\n    package: build/standard.zip\n'
    )
    const run = await h.run()
    expect(run.exitCode).toBe(1)
    const error = resultOf(run).error ?? ''
    expect(error).toContain('No offer with the offer ID "no-such-offer" was found')
    expect(error).toContain('product listing')
    expect(error).toContain('Product Ingestion API')
    expect(error).toContain('migrat')
    expect(error).toContain('product-id')
    expect(lookups(h)).toHaveLength(1)
    expect(writeRequests(h.emulator)).toEqual([])
  })
})

describe('tokens go only where they belong', () => {
  it('the Graph token only to graph-url, the ingestion token only to api-url', async () => {
    const h = await start2026()
    // graph-url is another origin (a relay to the emulator), so a client sent to the wrong
    // origin shows in the Host header the emulator records, not only in the path.
    const graph = await relayTo(h.emulator.url)
    try {
      const run = await h.run({ 'graph-url': graph.url })
      expect(run.exitCode).toBe(0)
      const origins = new Map([
        [new URL(graph.url).host, 'graph-url'],
        [new URL(h.emulator.url).host, 'api-url']
      ])
      const audiences = new Map<string, Set<string>>()
      for (const request of h.emulator.requests) {
        const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
        if (!token || request.path.startsWith('/blob/')) continue
        const origin = origins.get(request.headers.host) ?? request.headers.host
        const audience = h.emulator.entra.audienceOf(token) ?? 'unknown'
        audiences.set(origin, (audiences.get(origin) ?? new Set()).add(audience))
      }
      expect(Object.fromEntries([...audiences].map(([k, v]) => [k, [...v]]))).toEqual({
        'graph-url': ['https://graph.microsoft.com'],
        'api-url': ['https://api.partner.microsoft.com']
      })
      // No bearer token at all on the blob uploads (the SAS URL is the credential).
      const blobs = h.emulator.requests.filter((r) => r.path.startsWith('/blob/'))
      expect(blobs.length).toBeGreaterThan(0)
      expect(blobs.every((r) => !r.headers.authorization)).toBe(true)
    } finally {
      await graph.close()
    }
  })
})

/** A loopback relay: passes every request to `target` as it came, Host header included. */
async function relayTo(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((incoming, outgoing) => {
    const forwarded = request(
      new URL(incoming.url ?? '/', target),
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      }
    )
    forwarded.on('error', () => outgoing.destroy())
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

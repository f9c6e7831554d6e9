import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createHttpTransport, type DisposableHttpTransport } from '../../../src/http/transport.js'
import { PartnerCenterClient } from '../../../src/partner-center/client.js'
import { PartnerCenterError } from '../../../src/partner-center/errors.js'
import { collectPages, resolveNextLink } from '../../../src/partner-center/paging.js'
import { recordingLogger } from '../../support/recording-logger.js'
import { startScriptedServer, type ScriptedServer } from '../../support/scripted-server.js'

let server: ScriptedServer
let transport: DisposableHttpTransport

function client() {
  const logger = recordingLogger()
  const pc = new PartnerCenterClient({
    baseUrl: server.url,
    transport,
    getToken: async () => 'token',
    logger
  })
  return { pc, logger }
}

const variant = (n: number) => ({
  resourceType: 'AzureSkuVariant',
  id: `v${n}`,
  externalID: `plan-${n}`
})
const BASE = '/v1.0/ingestion/products/p1/variants'

beforeAll(async () => {
  server = await startScriptedServer()
  transport = createHttpTransport({
    userAgent: 'test',
    logger: recordingLogger(),
    retry: { baseDelayMs: 1, maxDelayMs: 5 }
  })
})

afterEach(() => server.reset())

afterAll(async () => {
  transport.dispose()
  await server.close()
})

describe('paging over HTTP', () => {
  it('follows every real nextLink form and keeps the continuation token verbatim', async () => {
    server.enqueue(
      // Relative to the host without a leading slash: what production sends (§3.7).
      {
        body: {
          value: [variant(1)],
          nextLink: `v1.0/ingestion/products/p1/variants?$skipToken=eyJ%2BA`
        }
      },
      // With a leading slash.
      { body: { value: [variant(2)], nextLink: `${BASE}?$skipToken=Mg%3D%3D` } },
      // Absolute, on the same host, under the swagger's name.
      { body: { value: [], '@odata.nextLink': `${server.url}${BASE}?$skipToken=Mw` } },
      // Relative to the ingestion base, without the version prefix.
      { body: { value: [variant(3)], nextLink: 'products/p1/variants?$skipToken=NA' } },
      { body: { value: [variant(4)] } }
    )
    const { pc } = client()
    const variants = await pc.listVariants('p1')
    expect(variants.map((v) => v.id)).toEqual(['v1', 'v2', 'v3', 'v4'])
    expect(server.requests.map((r) => r.url)).toEqual([
      BASE,
      `${BASE}?$skipToken=eyJ%2BA`,
      `${BASE}?$skipToken=Mg%3D%3D`,
      `${BASE}?$skipToken=Mw`,
      `${BASE}?$skipToken=NA`
    ])
  })

  it('shows the items read so far after each page, before the next page is asked for', async () => {
    server.enqueue(
      { body: { value: [variant(1), variant(2)], nextLink: `${BASE}?$skipToken=B` } },
      { body: { value: [variant(3)] } }
    )
    const { pc } = client()
    const seen: { ids: string[]; requested: number }[] = []
    await pc.listVariants('p1', {
      onPage: (read) => seen.push({ ids: read.map((v) => v.id), requested: server.requests.length })
    })
    expect(seen).toEqual([
      { ids: ['v1', 'v2'], requested: 1 },
      { ids: ['v1', 'v2', 'v3'], requested: 2 }
    ])
  })

  it('stops on a repeated link, with a warning', async () => {
    server.enqueue(
      { body: { value: [variant(1)], nextLink: `${BASE}?$skipToken=A` } },
      { body: { value: [variant(2)], nextLink: `${BASE}?$skipToken=A` } }
    )
    const { pc, logger } = client()
    expect((await pc.listVariants('p1')).map((v) => v.id)).toEqual(['v1', 'v2'])
    expect(server.requests).toHaveLength(2)
    expect(
      logger.lines.some((l) => l.level === 'warning' && l.message.includes('same next page'))
    ).toBe(true)
  })

  it('treats a 404 on a nextLink as the end of the list, with a warning', async () => {
    server.enqueue(
      { body: { value: [variant(1)], nextLink: `${BASE}?$skipToken=gone` } },
      { status: 404 }
    )
    const { pc, logger } = client()
    expect((await pc.listVariants('p1')).map((v) => v.id)).toEqual(['v1'])
    expect(logger.lines.some((l) => l.level === 'warning' && l.message.includes('404'))).toBe(true)
  })

  it('still fails on a 404 for the first page', async () => {
    server.enqueue({ status: 404 })
    const { pc } = client()
    await expect(pc.listVariants('p1')).rejects.toBeInstanceOf(PartnerCenterError)
  })

  it('refuses a nextLink to another host: the bearer token would follow it', async () => {
    server.enqueue({ body: { value: [variant(1)], nextLink: 'https://elsewhere.example/v1.0/x' } })
    const { pc } = client()
    await expect(pc.listVariants('p1')).rejects.toThrow('another host')
    expect(server.requests).toHaveLength(1)
  })
})

describe('resolveNextLink', () => {
  it('resolves the relative forms against the host', () => {
    const base = 'https://api.partner.microsoft.com'
    expect(resolveNextLink('v1.0/ingestion/products?$skipToken=x', base)).toBe(
      'https://api.partner.microsoft.com/v1.0/ingestion/products?$skipToken=x'
    )
    expect(resolveNextLink('/v1.0/ingestion/products?$skipToken=x', base)).toBe(
      'https://api.partner.microsoft.com/v1.0/ingestion/products?$skipToken=x'
    )
    expect(resolveNextLink('products?$skipToken=x', base)).toBe(
      'https://api.partner.microsoft.com/v1.0/ingestion/products?$skipToken=x'
    )
  })
})

/** Collects an endless list (every page links to a new one) with the given cap. */
async function collectEndless(options: {
  maxPages: number
  capIsExpected?: boolean
  until?: (items: unknown[]) => boolean
}) {
  const logger = recordingLogger()
  let served = 0
  const items = await collectPages<number>({
    firstUrl: 'https://api.test/v1.0/ingestion/products',
    baseUrl: 'https://api.test',
    getPage: async () => ({
      value: [++served],
      nextLink: `v1.0/ingestion/products?$skipToken=${served}`
    }),
    logger,
    what: 'products',
    ...options
  })
  return { items, lines: logger.lines }
}

describe('collectPages', () => {
  it('stops at the page cap, with a warning', async () => {
    const { items, lines } = await collectEndless({ maxPages: 3 })
    expect(items).toEqual([1, 2, 3])
    expect(lines).toEqual([
      {
        level: 'warning',
        message: 'Listing products: stopped after 3 pages; the list may be incomplete.'
      }
    ])
  })

  it('a bounded scan stops at its cap without a warning', async () => {
    const { items, lines } = await collectEndless({ maxPages: 2, capIsExpected: true })
    expect(items).toEqual([1, 2])
    expect(lines.filter((line) => line.level === 'warning')).toEqual([])
  })

  it('an early stop reads no page after the one that satisfies it, without a warning', async () => {
    const { items, lines } = await collectEndless({
      maxPages: 10,
      until: (read) => read.includes(4)
    })
    expect(items).toEqual([1, 2, 3, 4])
    expect(lines.filter((line) => line.level === 'warning')).toEqual([])
  })
})

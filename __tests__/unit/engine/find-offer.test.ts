/**
 * The offer lookup against a scripted Partner Center and Product Ingestion API: a product GUID
 * that the Product Ingestion API names is only used once the v1 product says it is this offer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { DEFAULT_POLLING } from '../../../src/engine/polling.js'
import { findOffer } from '../../../src/engine/read/find-offer.js'
import { RequestError } from '../../../src/engine/run-request.js'
import { createHttpTransport, type DisposableHttpTransport } from '../../../src/http/transport.js'
import { PartnerCenterClient } from '../../../src/partner-center/client.js'
import { ProductIngestionClient } from '../../../src/partner-center/product-ingestion.js'
import { engineContext } from '../../support/engine-context.js'
import { recordingLogger } from '../../support/recording-logger.js'
import {
  startScriptedServer,
  type RecordedRequest,
  type ScriptedServer
} from '../../support/scripted-server.js'

const OTHER = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'
let server: ScriptedServer
let transport: DisposableHttpTransport

beforeAll(async () => {
  server = await startScriptedServer()
  transport = createHttpTransport({ userAgent: 'find-offer-test', logger: recordingLogger() })
})
afterEach(() => server.reset())
afterAll(async () => {
  transport.dispose()
  await server.close()
})

/** The listing omits the offer; Product Ingestion names OTHER without an identity. */
function serve(offerOfOther: string) {
  const answer = (request: RecordedRequest) => {
    if (request.url.startsWith('/rp/product-ingestion/')) {
      return { body: { value: [{ id: `product/${OTHER}` }] } }
    }
    if (request.url.startsWith('/v1.0/ingestion/products?')) return { body: { value: [] } }
    if (request.url === `/v1.0/ingestion/products/${OTHER}`) {
      return {
        body: {
          id: OTHER,
          resourceType: 'AzureApplication',
          externalIDs: [{ type: 'AzureOfferId', value: offerOfOther }]
        }
      }
    }
    return { status: 404, body: {} }
  }
  server.enqueue(...Array.from({ length: 10 }, () => answer))
}

function context() {
  const logger = recordingLogger()
  const getToken = async () => 'token'
  return engineContext({
    client: new PartnerCenterClient({ baseUrl: server.url, transport, getToken, logger }),
    productIngestion: new ProductIngestionClient({
      baseUrl: server.url,
      transport,
      getToken,
      logger
    }),
    logger,
    signal: new AbortController().signal,
    group: (_, work) => work(),
    upload: () => Promise.reject(new Error('no upload here')),
    polling: DEFAULT_POLLING
  })
}

describe('findOffer through the Product Ingestion API', () => {
  it('uses the product it names when the product is this offer', async () => {
    serve('contoso-app')
    const { context: ctx, run } = context()
    await expect(findOffer(ctx)).resolves.toMatchObject({ id: OTHER })
    expect(run.productId).toBe(OTHER)
  })

  it('refuses a product of another offer, and records no product', async () => {
    serve('someone-elses-offer')
    const { context: ctx, run } = context()
    const error = await findOffer(ctx).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RequestError)
    expect((error as Error).message).toMatch(
      /Product aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee is the offer "someone-elses-offer", not "contoso-app"/
    )
    expect(run.productId).toBeUndefined()
  })
})

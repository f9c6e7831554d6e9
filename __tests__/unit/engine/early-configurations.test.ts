/**
 * The technical configurations read as the offer's pages come in (EarlyConfigurations), against
 * a scripted (hostile) Partner Center over real HTTP: what a page says about a draft is server
 * text, and a value that is no usable id fails the plan's read with the trust boundary's
 * message, not the page read that brought it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { UnexpectedIdError } from '../../../src/boundary/ids.js'
import { EarlyConfigurations } from '../../../src/engine/read/early-configurations.js'
import { draftOf, startOfferRead } from '../../../src/engine/read/offer.js'
import { createHttpTransport, type DisposableHttpTransport } from '../../../src/http/transport.js'
import { PartnerCenterClient } from '../../../src/partner-center/client.js'
import type { Product } from '../../../src/partner-center/types.js'
import { recordingLogger } from '../../support/recording-logger.js'
import {
  startScriptedServer,
  type RecordedRequest,
  type ScriptedServer
} from '../../support/scripted-server.js'

const PRODUCT = { id: 'product-1', resourceType: 'AzureApplication' } as Product
let server: ScriptedServer
let transport: DisposableHttpTransport

beforeAll(async () => {
  server = await startScriptedServer()
  transport = createHttpTransport({
    userAgent: 'early-configurations-test',
    logger: recordingLogger()
  })
})
afterEach(() => server.reset())
afterAll(async () => {
  transport.dispose()
  await server.close()
})

/** One plan, `standard`, whose Package branch names `draftId` (whatever JSON value it is). */
function serveOffer(draftId: unknown) {
  const answer = (request: RecordedRequest) => {
    if (request.url.endsWith('/variants')) {
      const plan = { id: 'variant-1', resourceType: 'AzureSkuVariant', state: 'Active' }
      return { body: { value: [{ ...plan, externalID: 'standard' }] } }
    }
    if (request.url.includes('getByModule(module=Package)')) {
      return { body: { value: [{ variantID: 'variant-1', currentDraftInstanceID: draftId }] } }
    }
    if (request.url.includes('/packageConfigurations/')) return { body: { value: [{}] } }
    return { body: { value: [] } }
  }
  server.enqueue(...Array.from({ length: 20 }, () => answer))
}

describe('EarlyConfigurations', () => {
  it.each([42, { id: 'draft-1' }, ['draft-1']])(
    'a draft id that is not a string (%j) fails the plan read with the id refusal, not the page read',
    async (draftId) => {
      serveOffer(draftId)
      const client = new PartnerCenterClient({
        baseUrl: server.url,
        transport,
        getToken: async () => 'token',
        logger: recordingLogger()
      })
      const early = new EarlyConfigurations(client, PRODUCT.id, ['standard'])
      const offer = await startOfferRead(client, PRODUCT, early.watch).offer
      const draft = draftOf(offer, 'Package', 'variant-1')!
      await expect(early.read(draft)).rejects.toThrow(UnexpectedIdError)
      expect(
        server.requests.filter((request) => /packageConfigurations/.test(request.url))
      ).toEqual([])
    }
  )
})

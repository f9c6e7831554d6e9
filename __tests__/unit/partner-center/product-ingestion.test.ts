/**
 * The Product Ingestion lookup against a scripted server: whatever the answer's shape, the
 * client returns a lower-case GUID, undefined, or an error that names the call (never a
 * TypeError from reading a field of null).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { ResponseRefusedError } from '../../../src/boundary/responses.js'
import { createHttpTransport, type DisposableHttpTransport } from '../../../src/http/transport.js'
import { ProductIngestionClient } from '../../../src/partner-center/product-ingestion.js'
import { recordingLogger } from '../../support/recording-logger.js'
import { startScriptedServer, type ScriptedServer } from '../../support/scripted-server.js'

const GUID = '0B6F2C1E-7D4A-4E59-A3C8-5F1E2D9B7A60'
let server: ScriptedServer
let transport: DisposableHttpTransport

beforeAll(async () => {
  server = await startScriptedServer()
  transport = createHttpTransport({ userAgent: 'pi-test', logger: recordingLogger() })
})
afterEach(() => server.reset())
afterAll(async () => {
  transport.dispose()
  await server.close()
})

function lookUp(body: string): Promise<string | undefined> {
  server.enqueue({ status: 200, headers: { 'content-type': 'application/json' }, body })
  const client = new ProductIngestionClient({
    baseUrl: server.url,
    transport,
    getToken: async () => 'token',
    logger: recordingLogger()
  })
  return client.findProductId('contoso-app')
}

describe('ProductIngestionClient.findProductId', () => {
  it('reads the GUID of product/<guid>', async () => {
    const answer = { value: [{ id: `product/${GUID}`, identity: { externalId: 'contoso-app' } }] }
    await expect(lookUp(JSON.stringify(answer))).resolves.toBe(GUID.toLowerCase())
  })

  it.each(['null', '[]', '"text"', '{"value":"abc"}', '{"value":{}}', '{"value":[null, 7]}'])(
    'an answer of another shape (%s) finds nothing instead of failing on a field of it',
    async (body) => {
      await expect(lookUp(body)).resolves.toBeUndefined()
    }
  )

  it('a body that is not JSON is an error naming the call', async () => {
    const error = await lookUp('<html>').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ResponseRefusedError)
    expect((error as Error).message).toMatch(
      /^Product Ingestion API answered GET \/rp\/product-ingestion\/product on 127\.0\.0\.1:\d+ with a body that is not valid JSON/
    )
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { HttpError } from '../../../src/http/errors.js'
import { createHttpTransport, type DisposableHttpTransport } from '../../../src/http/transport.js'
import { PartnerCenterClient } from '../../../src/partner-center/client.js'
import { hintFor, PartnerCenterError } from '../../../src/partner-center/errors.js'
import { commandLine } from '../../../src/naming.js'
import { suggestionsOf } from '../../../src/suggestions.js'
import { recordingLogger } from '../../support/recording-logger.js'
import { startScriptedServer, type ScriptedServer } from '../../support/scripted-server.js'

let server: ScriptedServer
let transport: DisposableHttpTransport

beforeAll(async () => {
  server = await startScriptedServer()
  transport = createHttpTransport({ userAgent: 'test', logger: recordingLogger() })
})

afterAll(async () => {
  transport.dispose()
  await server.close()
})

describe('PartnerCenterError', () => {
  it('carries the ICH code, ids, field details and the 403 hint in a user-facing message', async () => {
    server.enqueue({
      status: 403,
      headers: { 'request-id': 'req-42', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(
        'ICH50403 - Access denied. {"faultCode":50403,"reasonPhrase":"Forbidden.","correlationId":"corr-7","operationId":"op-9","data":{"Role":["Manager role required."]}}'
      )
    })
    const client = new PartnerCenterClient({
      baseUrl: server.url,
      transport,
      logger: recordingLogger(),
      getToken: async () => 'token'
    })

    const error = await client.getProduct('p-1').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(PartnerCenterError)
    expect(error).toBeInstanceOf(HttpError)
    expect(error).toMatchObject({
      status: 403,
      method: 'GET',
      path: '/v1.0/ingestion/products/p-1',
      code: 'ICH50403',
      correlationId: 'corr-7',
      requestId: 'req-42',
      operationId: 'op-9',
      details: { Role: ['Manager role required.'] }
    })
    expect((error as Error).message).toBe(
      'Partner Center answered 403 ICH50403 to GET /v1.0/ingestion/products/p-1: Access denied. ' +
        'Forbidden. Role: Manager role required. (correlation id corr-7, request id req-42). ' +
        'The Entra app must be added in Partner Center → Account settings → User management → ' +
        'Microsoft Entra applications, with the Manager role.'
    )
  })
})

describe('HttpError', () => {
  it('ends its message with one full stop, whatever the server said', () => {
    const error = new HttpError({
      status: 400,
      method: 'POST',
      url: 'https://login.example/t/oauth2/v2.0/token?x=1',
      serverMessage: 'Invalid client secret provided.',
      service: 'Entra ID'
    })
    expect(error.message).toBe(
      'Entra ID answered 400 to POST /t/oauth2/v2.0/token: Invalid client secret provided.'
    )
  })
})

describe('hints chosen by call and status together', () => {
  const answer = (status: number, body = '') => ({ status, headers: {}, body })
  const url = 'https://api.partner.microsoft.com/v1.0/ingestion/products'

  it('a 404 on the product listing does not say the id does not exist; on a product read it does', () => {
    const listing = new PartnerCenterError({ method: 'GET', url }, answer(404), 'listProducts')
    expect(listing.hint).not.toMatch(/does not exist/)
    expect(listing.hint).toContain('product-id')
    const read = new PartnerCenterError(
      { method: 'GET', url: `${url}/p` },
      answer(404),
      'getProduct'
    )
    expect(read.hint).toContain('No product with this GUID')
  })

  it('no "submission in progress" hint on a read; the submission create gets it', () => {
    const read = new PartnerCenterError({ method: 'GET', url }, answer(409), 'listSubmissions')
    expect(read.hint).not.toMatch(/submission/i)
    const create = new PartnerCenterError(
      { method: 'POST', url: `${url}/p/submissions` },
      answer(409),
      'createSubmission'
    )
    expect(create.hint).toMatch(/Another submission is in progress/)
    // The ways out it names are data too, in the order it names them (src/suggestions.ts).
    expect(suggestionsOf(create)).toEqual([
      commandLine('cancel'),
      '`on-conflict: wait`',
      '`on-conflict: cancel`'
    ])
  })

  it('a 409 or 404 on the package PUT says it is transient, not a submission or an unknown id', () => {
    for (const status of [404, 409]) {
      const error = new PartnerCenterError(
        { method: 'PUT', url: `${url}/p/packages/k` },
        answer(status),
        'markPackageUploaded'
      )
      expect(error.hint).toContain('Run again')
      expect(error.hint).not.toMatch(/does not exist|submission is in progress/)
    }
  })

  it('no hint sends the user to a section of the project\'s private reference ("§9.2")', () => {
    const calls = ['listProducts', 'getProduct', 'markPackageUploaded', 'createSubmission'] as const
    for (const call of calls) {
      for (const status of [400, 401, 403, 404, 409, 412, 429, 500]) {
        const body = status === 400 ? 'x-ms-publisherId is a required header' : ''
        expect(hintFor(call, 'GET', status, body) ?? '').not.toMatch(/§/)
      }
    }
  })

  it('a 400 naming x-ms-publisherId tells to set publisher-id, whatever the call', () => {
    const error = new PartnerCenterError(
      { method: 'GET', url },
      answer(400, JSON.stringify('x-ms-publisherId is a required header')),
      'listProducts'
    )
    expect(error.message).toContain('x-ms-publisherId is a required header')
    expect(error.hint).toContain('set the `publisher-id` input')
  })
})

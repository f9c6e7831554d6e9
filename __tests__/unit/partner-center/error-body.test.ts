import { describe, expect, it } from '@jest/globals'
import { parseErrorBody } from '../../../src/partner-center/error-body.js'

describe('parseErrorBody', () => {
  it('reads the recorded JSON string literal with an embedded fault object (§3.8)', () => {
    const body = JSON.stringify(
      'ICH50400 - Unable to complete request. {"faultCode":50400,"reasonPhrase":"Request validation failed.","correlationId":"8d3f2c1e-0000-4b7a-9c55-1f2e3d4c5b6a","operationId":"a1b2c3d4e5f6","data":{"FeatureName":["The field FeatureName is invalid."]}}'
    )
    expect(parseErrorBody(body)).toEqual({
      code: 'ICH50400',
      message: 'Unable to complete request. Request validation failed.',
      correlationId: '8d3f2c1e-0000-4b7a-9c55-1f2e3d4c5b6a',
      operationId: 'a1b2c3d4e5f6',
      details: { FeatureName: ['The field FeatureName is invalid.'] }
    })
  })

  it('reads an ICH message without an embedded object, quoted or not', () => {
    const text =
      "ICH50400 - Unable to complete request. Request validation failed. ProductTypeFilter[0]: The field is invalid (value 'Application')"
    const expected = {
      code: 'ICH50400',
      message:
        "Unable to complete request. Request validation failed. ProductTypeFilter[0]: The field is invalid (value 'Application')"
    }
    expect(parseErrorBody(text)).toEqual(expected)
    expect(parseErrorBody(JSON.stringify(text))).toEqual(expected)
  })

  it('reads an RFC 7807 problem inside a RestClientException string (June 2026)', () => {
    const body = JSON.stringify(
      'Microsoft.Ingestion.Shared.WebApi.Client.ErrorHandler.RestClientException: Product request failed, API=GetProduct, HttpStatusCode=BadRequest, ResponseContent={"errors":{"x-ms-publisherId":["PublisherId is a required header, and must be a positive number."]},"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400,"traceId":"00-ac04f8220cb3c4df9fd5b8294063156a-2e72917000afa057-00"}'
    )
    expect(parseErrorBody(body)).toEqual({
      message:
        'Product request failed, API=GetProduct, HttpStatusCode=BadRequest: One or more validation errors occurred.',
      correlationId: '00-ac04f8220cb3c4df9fd5b8294063156a-2e72917000afa057-00',
      details: {
        'x-ms-publisherId': ['PublisherId is a required header, and must be a positive number.']
      }
    })
  })

  it('keeps a plain sentence as the message', () => {
    expect(parseErrorBody('The API you have called is not applicable for this product')).toEqual({
      message: 'The API you have called is not applicable for this product'
    })
  })

  it('gives an empty message for an empty body (404 with Content-Length: 0)', () => {
    expect(parseErrorBody('')).toEqual({ message: '' })
    expect(parseErrorBody('  \n')).toEqual({ message: '' })
  })

  it('reads a JSON object body with code and message', () => {
    expect(
      parseErrorBody('{"error":{"code":"Conflict","message":"A submission is in progress."}}')
    ).toEqual({ code: 'Conflict', message: 'A submission is in progress.' })
  })

  it('keeps text with a brace that is not JSON', () => {
    expect(parseErrorBody('ICH50500 - Internal error {not json')).toEqual({
      code: 'ICH50500',
      message: 'Internal error {not json'
    })
  })
})

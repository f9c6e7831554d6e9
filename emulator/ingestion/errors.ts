import { randomBytes, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { JSON_CONTENT_TYPE } from '../http-util.js'

export type ErrorData = Record<string, string[]>

/** An error the ingestion API answers with its ICH string body (§3.8), or an empty 404. */
export class IngestionError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly reasonPhrase: string,
    readonly data: ErrorData = {}
  ) {
    super(`${status} ${reason}`)
  }
}

export const notFound = (): IngestionError => new IngestionError(404, 'Not found', 'Not found')

export const badRequest = (reasonPhrase: string, data: ErrorData = {}): IngestionError =>
  new IngestionError(400, 'Unable to complete request', reasonPhrase, data)

export const invalidField = (
  field: string,
  message = `The field ${field} is invalid.`
): IngestionError => badRequest('Request validation failed.', { [field]: [message] })

export const conflict = (reasonPhrase: string, data: ErrorData = {}): IngestionError =>
  new IngestionError(409, 'Conflict', reasonPhrase, data)

/**
 * Production sends a JSON string literal: "ICH50400 - Unable to complete request. {json}" where
 * the fault code is 50000 + the HTTP status (50400 is the only one seen; the others follow it, [I]).
 */
function ichBody(error: IngestionError): string {
  const details = {
    faultCode: 50000 + error.status,
    reasonPhrase: error.reasonPhrase,
    correlationId: randomUUID(),
    operationId: randomBytes(8).toString('hex'),
    data: error.data
  }
  return JSON.stringify(`ICH${50000 + error.status} - ${error.reason}. ${JSON.stringify(details)}`)
}

export function sendIngestionError(res: ServerResponse, error: IngestionError): void {
  if (error.status === 404) {
    // A real 404 arrived with Content-Length: 0 (§3.8).
    res.writeHead(404, { 'content-length': 0 })
    res.end()
    return
  }
  const body = ichBody(error)
  res.writeHead(error.status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body)
  })
  res.end(body)
}

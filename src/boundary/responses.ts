import type { IncomingMessage } from 'node:http'
import { urlHost, urlPath } from '../http/url-path.js'
import { quoteForMessage } from './ids.js'
import { input, words } from '../naming.js'

/**
 * What a server may send back to a call that carries a credential, and how much of it.
 *
 * Every call through the transport carries one (a client secret or assertion to Entra ID, a
 * bearer token to Partner Center, a runtime token to GitHub's OIDC endpoint), so none follows a
 * redirect: a 3xx would send the credential, or the form that holds it, wherever the server
 * points. It is an error that names the call and the target instead.
 */

/** The largest response body read, in bytes: Partner Center's largest pages are a few KiB. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024

/** A call answered with a redirect, which is never followed. */
export class RedirectRefusedError extends Error {
  override name = 'RedirectRefusedError'
}

/** A response body over `MAX_RESPONSE_BYTES`, or not the JSON the call expects. */
export class ResponseRefusedError extends Error {
  override name = 'ResponseRefusedError'
}

/** `METHOD /path on host`: a call, named without its query (which may hold a SAS signature). */
export function describeCall(request: { method: string; url: string }): string {
  return `${request.method} ${urlPath(request.url)} on ${urlHost(request.url)}`
}

/**
 * Throws if the status is a redirect (300–399).
 * @param location the `Location` header, shown as host and path only.
 * @param advice what to check, after the sentence that says redirects are not followed.
 * @throws RedirectRefusedError naming the call and where it was sent.
 */
export function refuseRedirect(
  request: { method: string; url: string },
  status: number,
  location: string | undefined,
  advice = `for calls that carry credentials: check ${input('api-url')} and ${input('login-url')}, ` +
    `and any proxy between ${words().machine} and the service.`
): void {
  if (status < 300 || status >= 400) return
  let target = 'no Location'
  if (location) {
    try {
      const url = new URL(location, request.url)
      target = `${url.protocol}//${url.host}${url.pathname}`
    } catch {
      target = `an unreadable Location ${quoteForMessage(location)}`
    }
  }
  throw new RedirectRefusedError(
    `${describeCall(request)} answered ${status}, a redirect to ${target}. Redirects are not ` +
      `followed ${advice}`
  )
}

/**
 * Reads a response body up to `maxBytes`. Rejects, and destroys the stream, as soon as a
 * `Content-Length` or the bytes received go over; rejects when the connection breaks mid-body
 * (HttpClientResponse.readBody would never settle).
 * @throws ResponseRefusedError naming the call when the body is too large.
 */
export async function readBoundedBody(
  message: IncomingMessage,
  request: { method: string; url: string },
  maxBytes: number = MAX_RESPONSE_BYTES
): Promise<string> {
  const tooLarge = (): ResponseRefusedError => {
    message.destroy()
    return new ResponseRefusedError(
      `${describeCall(request)}: the response body is larger than ${maxBytes} bytes, more than ` +
        `this call ever needs; refusing it.`
    )
  }
  if (Number(message.headers['content-length']) > maxBytes) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of message) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw tooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Parses a JSON body.
 * @param service who answered, for the message ("Partner Center").
 * @throws ResponseRefusedError naming the call when the body is not JSON; the body is not quoted.
 */
export function parseJsonBody(
  text: string,
  request: { method: string; url: string },
  service: string
): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ResponseRefusedError(
      `${service} answered ${describeCall(request)} with a body that is not valid JSON ` +
        `(${text.length} characters).`
    )
  }
}

/**
 * Where a credential may be sent: https anywhere, plain http only to this machine (the local
 * emulator and Azurite). A token, a client secret or a SAS signature must never cross a network
 * in clear text.
 */

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]']

/** A URL that is not https (or http on loopback), or not a URL at all. */
export class InsecureUrlError extends Error {
  override name = 'InsecureUrlError'
}

/**
 * The parsed URL, if it is https, or http to a loopback host.
 * @param what names the URL for the message: "Input api-url", "The package upload URL".
 * @param shown what the message may show of the URL (a SAS URL's query is never shown).
 * @throws InsecureUrlError otherwise.
 */
export function requireSecureUrl(value: string, what: string, shown: string = value): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InsecureUrlError(`${what} is not a URL: "${shown}".`)
  }
  const loopback = LOOPBACK_HOSTS.includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InsecureUrlError(
      `${what} must be an https URL (http only for localhost): "${shown}".`
    )
  }
  return url
}

/**
 * The origin of `value` if it is a secure URL (as requireSecureUrl) with no path, query or
 * fragment: the clients add each API's own path (/v1.0/ingestion, /rp/product-ingestion), so a
 * path given here would be sent twice.
 * @throws InsecureUrlError naming the origin that was meant.
 */
export function requireSecureOrigin(value: string, what: string): string {
  const url = requireSecureUrl(value, what, withoutUserinfo(value))
  // A password here would be shown wherever the value is (the log, the summary's inputs table).
  if (url.username || url.password) {
    throw new InsecureUrlError(
      `${what} must be an origin, without a user name or password: use "${url.origin}" ` +
        '(a proxy that needs them reads them from https_proxy).'
    )
  }
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(value)) {
    throw new InsecureUrlError(
      `${what} must be an origin, without a path, query or fragment: "${value}". ` +
        `Use "${url.origin}".`
    )
  }
  return url.origin
}

/** `value` with the user name and password of any URL in it replaced by `***`. */
export function withoutUserinfo(value: string): string {
  return value.replace(/(\/\/)[^/@\s]*@/g, '$1***@')
}

/** A credential about to go to an origin it was not configured for. */
export class ForeignOriginError extends Error {
  override name = 'ForeignOriginError'
}

/**
 * Throws unless `url` has exactly the origin (scheme, host and port) of `configured`: a bearer
 * token goes only where the api-url input says, never to another port of the same host.
 * @param what names the call for the message.
 * @throws ForeignOriginError naming the call, the origin it was for and the one it would reach.
 */
export function requireOrigin(url: string, configured: string, what: string): void {
  const expected = new URL(configured).origin
  const actual = new URL(url).origin
  if (actual !== expected) {
    throw new ForeignOriginError(
      `${what} would go to ${actual}, but its credential is for ${expected} only; not sending it.`
    )
  }
}

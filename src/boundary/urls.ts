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

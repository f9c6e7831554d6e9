/**
 * The part of a URL that is safe to print: its path. The query string is dropped because a SAS
 * URL carries its signature there, and Partner Center continuation tokens are noise in a log.
 */
export function urlPath(url: string): string {
  try {
    return new URL(url).pathname
  } catch {
    return '(unreadable URL)'
  }
}

/** The host of a URL, for messages that tell a self-hosted runner what it must reach. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return '(unreadable URL)'
  }
}

import { HttpError } from '../http/errors.js'
import type { Logger } from '../logging.js'

export interface CollectPagesOptions {
  /** The first page's URL, absolute. */
  firstUrl: string
  /** The API host, e.g. https://api.partner.microsoft.com (no path). */
  baseUrl: string
  /** Fetches one page and returns its (property-name normalised) JSON. */
  getPage: (url: string) => Promise<unknown>
  logger: Logger
  /** What is being listed, for warnings ("submissions of product …"). */
  what: string
  maxPages?: number
  /**
   * Reading stops at `maxPages` on purpose (a bounded scan, not a broken list): say so at debug
   * level instead of warning that the list may be incomplete.
   */
  capIsExpected?: boolean
  /** Stops after the page on which the items read so far satisfy it (an early stop, on purpose). */
  until?: (items: unknown[]) => boolean
  /** Called after each page with the items read so far, so that work can start on them. */
  onPage?: (items: unknown[]) => void
}

const DEFAULT_MAX_PAGES = 100

/**
 * Collects a `{ value, nextLink }` collection across all its pages (§3.7), tolerating what the
 * service has really done: `nextLink` relative to the host with or without a leading slash, or
 * absolute, or named `@odata.nextLink` as the swagger says; a nextLink that answers 404
 * (navcontainerhelper #3151: the list ends there); a link that repeats; empty pages in between.
 */
export async function collectPages<T>(options: CollectPagesOptions): Promise<T[]> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES
  const items: T[] = []
  const seen = new Set<string>()
  let url: string | undefined = options.firstUrl
  for (let page = 1; url !== undefined; page++) {
    if (page > maxPages) {
      const note = `Listing ${options.what}: stopped after ${maxPages} pages`
      if (options.capIsExpected) options.logger.debug(`${note} (a bounded scan).`)
      else options.logger.warning(`${note}; the list may be incomplete.`)
      break
    }
    seen.add(url)
    let body: unknown
    try {
      body = await options.getPage(url)
    } catch (error) {
      if (page > 1 && error instanceof HttpError && error.status === 404) {
        options.logger.warning(
          `Listing ${options.what}: the next page answered 404; treating it as the end of the list.`
        )
        break
      }
      throw error
    }
    const { value, nextLink } = readPage(body)
    items.push(...(value as T[]))
    options.onPage?.([...items])
    if (options.until?.(items)) break
    url = nextLink === undefined ? undefined : resolveNextLink(nextLink, options.baseUrl)
    if (url !== undefined && seen.has(url)) {
      options.logger.warning(
        `Listing ${options.what}: the service sent the same next page again; stopping there.`
      )
      break
    }
  }
  return items
}

function readPage(body: unknown): { value: unknown[]; nextLink?: string } {
  if (typeof body !== 'object' || body === null) return { value: [] }
  const record = body as Record<string, unknown>
  const link = record.nextLink ?? record['@odata.nextLink']
  return {
    value: Array.isArray(record.value) ? record.value : [],
    nextLink: typeof link === 'string' && link.trim() !== '' ? link.trim() : undefined
  }
}

/**
 * Turns a nextLink into an absolute URL, keeping its query exactly as sent (the `$skipToken` is
 * opaque). Production sends `v1.0/ingestion/products?$skipToken=…`, relative to the host; a
 * relative link without the `v1.0/` prefix is read as relative to the ingestion base, as one
 * client does (§3.7). An absolute link to another host is refused: the bearer token goes with
 * every request.
 */
export function resolveNextLink(nextLink: string, baseUrl: string): string {
  const origin = new URL(baseUrl).origin
  if (/^https?:\/\//i.test(nextLink)) {
    if (new URL(nextLink).origin !== origin) {
      throw new Error(
        `Partner Center sent a next-page link to another host (${new URL(nextLink).host}); not following it.`
      )
    }
    return nextLink
  }
  const path = nextLink.replace(/^\/+/, '')
  return /^v\d+(\.\d+)?\//i.test(path) ? `${origin}/${path}` : `${origin}/v1.0/ingestion/${path}`
}

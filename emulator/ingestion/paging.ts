import type { PagingMode } from '../types.js'
import { notFound } from './errors.js'

export interface Page<T> {
  value: T[]
  nextLink?: string
}

interface SkipToken {
  offset: number
  broken?: boolean
}

const encodeToken = (token: SkipToken): string =>
  Buffer.from(JSON.stringify(token)).toString('base64url')

function decodeToken(raw: string | null): SkipToken {
  // The first request may carry an empty ?$skipToken= (§3.7).
  if (!raw) return { offset: 0 }
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as SkipToken
    if (Number.isInteger(token.offset) && token.offset >= 0) return token
  } catch {
    // falls through: an unreadable token is a 404, as a dead nextLink is in production
  }
  throw notFound()
}

export interface PagingSettings {
  pageSize: number
  mode: PagingMode
}

/**
 * Cuts a collection into pages. nextLink is host-relative without a leading slash
 * (`v1.0/ingestion/...?$skipToken=…`, §3.7) and absent on the last page. The broken modes
 * reproduce the production bugs: a nextLink that 404s, and one that points at the same page again.
 */
export function paginate<T>(
  items: T[],
  pathname: string,
  query: URLSearchParams,
  settings: PagingSettings
): Page<T> {
  const rawToken = query.get('$skipToken')
  const token = decodeToken(rawToken)
  if (token.broken) throw notFound()
  if (settings.mode === 'emptyFirstPage' && !rawToken && items.length > 0) {
    return { value: [], nextLink: nextLinkFor(pathname, query, { offset: 0 }) }
  }
  const value = items.slice(token.offset, token.offset + settings.pageSize)
  const nextOffset = token.offset + settings.pageSize
  let next: SkipToken | undefined = nextOffset < items.length ? { offset: nextOffset } : undefined
  // A page reached through a skipToken links to itself again, even past the end: a client
  // that does not notice loops forever.
  if (settings.mode === 'nextLinkRepeats' && rawToken) next = token
  if (next && settings.mode === 'nextLink404') next = { ...next, broken: true }
  return next ? { value, nextLink: nextLinkFor(pathname, query, next) } : { value }
}

/** Host-relative, no leading slash, the other query options kept. */
function nextLinkFor(pathname: string, query: URLSearchParams, token: SkipToken): string {
  const params = new URLSearchParams(query)
  params.delete('$skipToken')
  const rest = params.toString().replace(/%24/g, '$')
  return `${pathname.replace(/^\//, '')}?${rest ? rest + '&' : ''}$skipToken=${encodeToken(token)}`
}

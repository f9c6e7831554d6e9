/**
 * Reads the error bodies the ingestion API really sends (§3.8 of the API reference). The
 * swagger declares them as plain strings; in practice they come in these forms:
 *
 * 1. a JSON string literal `"ICH50400 - Unable to complete request. {\"faultCode\":50400,
 *    \"reasonPhrase\":…,\"correlationId\":…,\"operationId\":…,\"data\":{field:[messages]}}"`;
 * 2. the same text without the embedded object, quoted or not;
 * 3. `Microsoft.…RestClientException: Product request failed, API=GetProduct, …,
 *    ResponseContent={RFC 7807 problem+json}` (June 2026);
 * 4. a plain sentence;
 * 5. nothing at all (a 404 with Content-Length: 0).
 * Anything else is kept as its text, so no error is ever lost to parsing.
 */
export interface ParsedErrorBody {
  /** `ICH50400` and the like. */
  code?: string
  /** A readable message; empty when the body was. */
  message: string
  correlationId?: string
  operationId?: string
  /** Field → messages, from `data` (ICH form) or `errors` (RFC 7807 form). */
  details?: Record<string, string[]>
}

const ICH_PREFIX = /^(ICH\d+)\s*-\s*/
const EXCEPTION_PREFIX = /^[\w.]+Exception:\s*/
const RESPONSE_CONTENT_SUFFIX = /,?\s*ResponseContent=\s*$/

export function parseErrorBody(body: string): ParsedErrorBody {
  const text = unquote(body.trim()).trim()
  if (text === '') return { message: '' }
  if (text.startsWith('{')) {
    const object = parseObject(text)
    if (object) return fromObject(object, '')
  }
  const code = ICH_PREFIX.exec(text)?.[1]
  const rest = text.replace(ICH_PREFIX, '').replace(EXCEPTION_PREFIX, '')
  const { before, object } = splitEmbeddedObject(rest)
  const lead = before.replace(RESPONSE_CONTENT_SUFFIX, '').trim()
  if (!object) return { code, message: lead }
  return { ...fromObject(object, lead), ...(code ? { code } : {}) }
}

/** A body that is a JSON string literal yields its content; anything else is returned as is. */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'string' ? parsed : text
  } catch {
    return text
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** Finds a JSON object that runs from some `{` to the last `}` of the text. */
function splitEmbeddedObject(text: string): { before: string; object?: Record<string, unknown> } {
  const end = text.lastIndexOf('}')
  for (
    let start = text.indexOf('{');
    start !== -1 && start < end;
    start = text.indexOf('{', start + 1)
  ) {
    const object = parseObject(text.slice(start, end + 1))
    if (object) return { before: text.slice(0, start), object }
  }
  return { before: text }
}

/**
 * Reads the ICH fault object (`reasonPhrase`, `correlationId`, `operationId`, `data`), an RFC
 * 7807 problem (`title`, `detail`, `errors`, `traceId`) or a generic `{code, message}` object.
 */
function fromObject(object: Record<string, unknown>, lead: string): ParsedErrorBody {
  const nested = isRecord(object.error) ? object.error : {}
  const said = [object.reasonPhrase, object.title, object.detail, object.message, nested.message]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim())
  const message = joinSentences([lead, ...said])
  const code = firstString(
    object.code,
    nested.code,
    typeof object.error === 'string' ? object.error : undefined
  )
  // A W3C trace id (RFC 7807 form) is the only correlation handle that form offers.
  const correlationId = firstString(object.correlationId, object.traceId)
  const details = readDetails(object.data) ?? readDetails(object.errors)
  return {
    message,
    ...(code ? { code } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(typeof object.operationId === 'string' ? { operationId: object.operationId } : {}),
    ...(details ? { details } : {})
  }
}

function readDetails(value: unknown): Record<string, string[]> | undefined {
  if (!isRecord(value)) return undefined
  const details: Record<string, string[]> = {}
  for (const [field, messages] of Object.entries(value)) {
    const list = (Array.isArray(messages) ? messages : [messages]).map(String)
    if (list.length > 0) details[field] = list
  }
  return Object.keys(details).length > 0 ? details : undefined
}

/** "Unable to complete request." + "Request validation failed." without doubled stops. */
function joinSentences(parts: string[]): string {
  return parts
    .filter((part) => part !== '')
    .map((part, index, all) =>
      index < all.length - 1 && !/[.:!?]$/.test(part) ? `${part}:` : part
    )
    .join(' ')
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value !== '')
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

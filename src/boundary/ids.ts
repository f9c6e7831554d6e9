import { words } from '../naming.js'
/**
 * The shapes of the ids that go into a URL path or an output. Partner Center calls its ids opaque
 * strings (partner-center-ingestion-api.md §3.5), so the path check is generous about the
 * alphabet and strict about what could change the path's meaning; the output checks hold the
 * shapes the recordings show.
 */

/** A product id, and most other ids: a GUID (§3.5, recordings test_marketplace_offer*.yaml). */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A submission id: a number as a string, 19 digits in practice (§3.5); up to 20 tolerated. */
export const SUBMISSION_ID = /^[0-9]{1,20}$/

/**
 * A package id: GUID-like in the emulator and in the swagger's examples; the recordings hold no
 * package, so a numeric id (the shape of draft instance ids, §3.5) is tolerated as well.
 */
export const PACKAGE_ID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9]{1,20})$/i

/**
 * One path segment built from an id: letters, digits and `-_.~`, starting with a letter or a
 * digit, so `.`, `..`, a slash, a backslash, `%`, `?` or `#` can never reach the path (module
 * names such as `Listing` and the `testdrive` variant pass). At most 128 characters.
 */
export const PATH_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/

/** An id that does not have the shape it must have; the message names it and what was expected. */
export class UnexpectedIdError extends Error {
  override name = 'UnexpectedIdError'
}

/** A short, printable rendering of a value for a message (it may be anything a server sent). */
export function quoteForMessage(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value
  return JSON.stringify(shown)
}

/**
 * The id as a URL path segment, after checking it against `PATH_SEGMENT`.
 * @param what names the id for the error, e.g. "submission id".
 * @throws UnexpectedIdError when the id could change the path (dot-segments, separators, …).
 */
export function pathSegment(value: string, what: string): string {
  if (typeof value !== 'string' || !PATH_SEGMENT.test(value)) {
    throw new UnexpectedIdError(
      `The ${what} ${quoteForMessage(String(value))} is not an id ${words().tool} puts into a URL ` +
        `(letters, digits and "-_.~", starting with a letter or digit); refusing the call.`
    )
  }
  return value
}

/**
 * The value, if it matches `shape`; throws otherwise.
 * @param what names the value for the error, e.g. "output submission-id".
 * @throws UnexpectedIdError naming the value and the shape.
 */
export function checkId(value: string, shape: RegExp, what: string): string {
  if (!shape.test(value)) {
    throw new UnexpectedIdError(
      `The ${what} ${quoteForMessage(value)} does not have the expected shape ${shape.source}.`
    )
  }
  return value
}

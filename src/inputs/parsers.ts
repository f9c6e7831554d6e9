import { GUID, PATH_SEGMENT } from '../boundary/ids.js'
import { requireSecureOrigin } from '../boundary/urls.js'
import { IDENTIFIER_PATTERN } from '../manifest/schema.js'
import { naming, type InputName } from '../naming.js'
import { InputError } from './input-error.js'

/**
 * How one input's text becomes its value. `text` is already trimmed, and is the input's default
 * when it was empty or not given. `identityRequired`: whether tenant-id and client-id are required
 * (the command signs in, and the shell has no other identity to sign in with). Throws InputError naming the input, the value and what is allowed.
 */
export type InputParser<T> = (
  text: string,
  input: { name: InputName; identityRequired: boolean }
) => T

/** Any text; empty is absent. */
export const optionalText: InputParser<string | undefined> = (text) => text || undefined

/** Any text, the default when empty (the table gives one). */
export const text: InputParser<string> = (value) => value

/** One of `allowed`, case-insensitive. */
export function oneOf<T extends string>(allowed: readonly T[]): InputParser<T> {
  return (text, { name }) => {
    const value = text.toLowerCase()
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InputError(
        `${naming().subject(name)} is "${value}"; allowed values are ${allowed.join(', ')}.`,
        name
      )
    }
    return value as T
  }
}

/**
 * An id that goes into a URL path or a form (tenant-id, client-id): letters, digits and "-_.~"
 * only (src/boundary/ids.ts), so a line break or a dot-segment cannot ride along. Required by the
 * commands that sign in; empty is allowed for those that do not (check, list).
 */
export function idInput(hint: string): InputParser<string> {
  return (value, { name, identityRequired }) => {
    if (!value && identityRequired)
      throw new InputError(`${naming().subject(name)} is required: ${hint}`, name)
    if (value && !PATH_SEGMENT.test(value)) {
      throw new InputError(
        `${naming().subject(name)} is ${JSON.stringify(value)}; it must be an id of letters, digits, "-", "_", ` +
          `"." and "~" (a GUID, or a tenant's domain name), ${hint}`,
        name
      )
    }
    return value
  }
}

/** A bare https origin (loopback may be http), refused with the origin to use otherwise. */
export const baseUrl: InputParser<string> = (value, { name }) => {
  try {
    return requireSecureOrigin(value, `${naming().subject(name)}`)
  } catch (error) {
    throw new InputError((error as Error).message, name)
  }
}

export const productId: InputParser<string | undefined> = (value, { name }) => {
  if (!value) return undefined
  if (!GUID.test(value)) {
    throw new InputError(
      `${naming().subject(name)} is "${value}"; give the offer's product GUID, as in its Partner Center ` +
        'URL (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).',
      name
    )
  }
  return value.toLowerCase()
}

/** An offer ID, checked by the manifest's rule for `offer` before anything is signed in or read. */
export const offerId: InputParser<string | undefined> = (value, { name }) => {
  if (value && !new RegExp(IDENTIFIER_PATTERN).test(value)) {
    throw new InputError(
      `${naming().subject(name)} is "${value}"; give the offer ID shown in Partner Center: 1 to 50 letters, ` +
        'digits, "-" and "_", starting with a letter or digit.',
      name
    )
  }
  return value || undefined
}

export const publisherId: InputParser<string | undefined> = (value, { name }) => {
  // It becomes a header value: nothing but an id's characters may go through.
  if (value && !/^[A-Za-z0-9-]{1,64}$/.test(value)) {
    throw new InputError(
      `${naming().subject(name)} is "${value}"; give the seller ID shown in Partner Center (a number).`,
      name
    )
  }
  return value || undefined
}

export const boolean: InputParser<boolean> = (text, { name }) => {
  const value = text.toLowerCase()
  if (value !== 'true' && value !== 'false') {
    throw new InputError(`${naming().subject(name)} is "${value}"; use true or false.`, name)
  }
  return value === 'true'
}

/** The longest wait-timeout, in minutes: 7 days, beyond any job's life (self-hosted: 5 days). */
export const MAX_WAIT_MINUTES = 7 * 24 * 60

/** Minutes from 0 to MAX_WAIT_MINUTES, plain decimal numbers only. */
export const minutes: InputParser<number> = (text, { name }) => {
  // Number() would also take "1e308", "0x10" and "Infinity".
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN
  if (!(value >= 0 && value <= MAX_WAIT_MINUTES)) {
    throw new InputError(
      `${naming().subject(name)} is "${text}"; give a number of minutes from 0 to ` +
        `${MAX_WAIT_MINUTES} (7 days).`,
      name
    )
  }
  return value
}

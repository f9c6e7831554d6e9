import { requireSecureUrl } from '../boundary/urls.js'
import type { Logger } from '../logging.js'

// The signature of a SAS URL, in the form it has in the URL (usually percent-encoded).
const SIG_PARAMETER = /([?&]sig=)([^&#]*)/gi

/**
 * Registers the `sig` of a SAS URL as a secret in every form a log could show it. Masking
 * works on exact strings, so each form needs its own registration (§4.6 of
 * action-engineering.md). Call it as soon as the URL exists.
 */
export function maskSasUrl(url: string, logger: Logger): void {
  for (const form of sasSignatureForms(url)) logger.secret(form)
}

/** The URL with its signature replaced by `***`, for messages and logs. */
export function redactSasUrl(url: string): string {
  return url.replace(SIG_PARAMETER, '$1***')
}

/**
 * The signature as it appears in the URL, decoded, and re-encoded (which may differ from the
 * original, for example `%2b` against `%2B`, or a `+` left unencoded).
 */
export function sasSignatureForms(url: string): string[] {
  return [...url.matchAll(SIG_PARAMETER)].flatMap(([, , raw]) => {
    if (!raw) return []
    const decoded = safeDecode(raw)
    return [...new Set([raw, decoded, encodeURIComponent(decoded)])]
  })
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/**
 * Throws unless the SAS URL is https (http only on loopback, for the emulator and Azurite): the
 * URL carries a write signature, and Partner Center hands out https URLs only (§5.10).
 * @throws InsecureUrlError, showing the URL with its signature redacted.
 */
export function checkSasUrl(url: string): void {
  requireSecureUrl(url, 'The package upload URL Partner Center sent', redactSasUrl(url))
}

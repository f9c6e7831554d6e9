/**
 * Every form in which a secret can reach a log, an output or a summary, and a scrubber that
 * replaces all of them. The runner masks exact strings only, so each form is registered on its
 * own (action-engineering.md §4.6), and text the runner never masks (the `result` output, the
 * job summary, an error body that echoes a token) is scrubbed by us.
 */

/** Secrets shorter than this are masked by the runner but not scrubbed: they would blank words. */
const MIN_SCRUB_LENGTH = 4

/**
 * The forms of a secret: raw; `encodeURIComponent` (a path or a query built by hand); form
 * encoding as `URLSearchParams` writes it (`+` for a space, `%7E` for `~`, `%21` for `!`, as in
 * the token request's `client_secret=`); the same with lower-case hex; and base64 and base64url
 * of its UTF-8 bytes (a header or a JWT that wraps it).
 */
export function secretForms(secret: string): string[] {
  if (!secret) return []
  const form = new URLSearchParams({ s: secret }).toString().slice(2)
  const forms = [
    secret,
    encodeURIComponent(secret),
    form,
    form.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    Buffer.from(secret, 'utf8').toString('base64'),
    Buffer.from(secret, 'utf8').toString('base64url')
  ]
  return [...new Set(forms)]
}

/** Remembers secrets (in every form) and removes them from any text. */
export class SecretScrubber {
  private readonly forms = new Set<string>()

  /** Registers a secret; returns its forms that were new, for the runner's masks. */
  add(secret: string): string[] {
    const added = secretForms(secret).filter((form) => !this.forms.has(form))
    for (const form of added) this.forms.add(form)
    return added
  }

  /** The text with every registered form replaced by `***`, longest forms first. */
  scrub(text: string): string {
    let result = text
    const byLength = [...this.forms]
      .filter((form) => form.length >= MIN_SCRUB_LENGTH)
      .sort((a, b) => b.length - a.length)
    for (const form of byLength) result = result.split(form).join('***')
    return result
  }
}

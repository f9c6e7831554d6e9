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
  /** The forms long enough to scrub, longest first; rebuilt only when a secret is added. */
  private longestFirst: string[] = []

  /** Registers a secret; returns its forms that were new, for the runner's masks. */
  add(secret: string): string[] {
    const added = secretForms(secret).filter((form) => !this.forms.has(form))
    if (added.length === 0) return added
    for (const form of added) this.forms.add(form)
    this.longestFirst = [...this.forms]
      .filter((form) => form.length >= MIN_SCRUB_LENGTH)
      .sort((a, b) => b.length - a.length)
    return added
  }

  /**
   * The text with every registered form replaced by `***`, longest forms first (so that a
   * shorter form inside a longer one cannot leave the rest of the longer one behind). Every log
   * line and every string of the result goes through here, and a run holds a few forms per
   * token and per upload URL: a form longer than the text, or absent from it, costs a
   * comparison instead of a split (docs/benchmarks.md, 2: the result's scrubbing took 50 ms of
   * a 20-plan run's exit before).
   */
  scrub(text: string): string {
    let result = text
    for (const form of this.longestFirst) {
      if (form.length <= result.length && result.includes(form)) {
        result = result.split(form).join('***')
      }
    }
    return result
  }
}

import { NetworkError } from '../../http/errors.js'
import { sleep } from '../../http/sleep.js'
import type { Logger } from '../../logging.js'
import { PartnerCenterError } from '../../partner-center/errors.js'

/**
 * Whether a failed POST may still have created its resource: the request could have reached the
 * service's logic before the connection broke or the service failed (§3.9 of the API reference).
 * A 4xx answer, or a 429 from the throttle in front, means nothing was created.
 */
function mayHaveBeenCreated(error: unknown): boolean {
  return (
    error instanceof NetworkError || (error instanceof PartnerCenterError && error.status >= 500)
  )
}

/** Tries of a create, the first included: each further one comes only after a look found nothing. */
const CREATE_TRIES = 3
/** The wait before creating again, times the try number: gives a slow service time to show it. */
const RETRY_WAIT_MS = 1000

export interface CreateOnceOptions<T> {
  /** The POST. The transport does not repeat it after an ambiguous failure. */
  create: () => Promise<T>
  /** Looks for what an ambiguous attempt may have created. */
  find: () => Promise<T | undefined>
  /** What is being created, for the log ("package app-1.2.3.zip"). */
  what: string
  logger: Logger
  signal?: AbortSignal
}

/**
 * Creates something exactly once. After an ambiguous failure it looks for what the POST may
 * have made and takes that; only when the look finds nothing is the POST sent again, so a
 * dropped connection or a 5xx neither fails the run nor makes a duplicate.
 */
export async function createOnce<T>(
  options: CreateOnceOptions<T>
): Promise<{ value: T; recovered: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await options.create(), recovered: false }
    } catch (error) {
      if (!mayHaveBeenCreated(error)) throw error
      const found = await options.find()
      const reason = error instanceof Error ? error.message : String(error)
      if (found !== undefined) {
        options.logger.info(
          `Creating ${options.what} failed (${reason}), but it was created: using it`
        )
        return { value: found, recovered: true }
      }
      if (attempt >= CREATE_TRIES) throw error
      options.logger.info(
        `Creating ${options.what} failed (${reason}) and it was not created; trying again ` +
          `(${attempt + 1} of ${CREATE_TRIES})`
      )
      await sleep(RETRY_WAIT_MS * attempt, options.signal)
    }
  }
}

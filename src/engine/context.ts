import type { CheckedPackage } from '../app-package/check-package.js'
import type { Logger } from '../logging.js'
import type { PartnerCenterApi } from '../partner-center/client.js'
import type { ProductIngestionClient } from '../partner-center/product-ingestion.js'
import type { Progress } from '../progress.js'
import type { UploadOutcome } from '../storage/blob-upload.js'
import type { Polling } from './polling.js'
import type { Recorder } from './recorder.js'
import type { RunRequest } from './run-request.js'

/** Everything the engine talks to, handed in by the action's shell (or a test, or a CLI). */
export interface Services {
  client: PartnerCenterApi
  /** The Product Ingestion (Graph) lookup, for offers the listing omits (reference §9.18). */
  productIngestion?: ProductIngestionClient
  logger: Logger
  /** Aborted when the runner cancels the job. */
  signal: AbortSignal
  /** Runs one phase of the run: a log group in the action, a timing in the result. */
  group: <T>(name: string, work: () => Promise<T>) => Promise<T>
  upload: (file: CheckedPackage, sasUrl: string) => Promise<UploadOutcome>
  polling: Polling
  /** Where waits report how far they are (a bar in the CLI); none: their log lines only. */
  progress?: Progress
  /**
   * Does the upload's one-time preparation (loading code its first request would load) at once,
   * synchronously. A publish calls it while it waits for Partner Center with its packages' POSTs
   * sent, so that this CPU time is not spent in front of the first upload. Absent: nothing to do.
   */
  prepareUpload?: () => void
}

/**
 * What every step of a command gets, in one object instead of long parameter lists: the
 * services, what the user asked for, and the recorder that is the one writer of the result.
 */
export interface EngineContext extends Services {
  request: RunRequest
  recorder: Recorder
}

/**
 * Runs `work` on every item at once and waits for all of them, even after one fails, before
 * throwing the first failure: a log group closes only when nothing inside it writes any more,
 * so no line of one item lands after the group closed because another item failed.
 */
export async function settleAll<T, R>(
  items: T[],
  work: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const outcomes = await Promise.allSettled(items.map((item, index) => work(item, index)))
  const failure = outcomes.find((outcome) => outcome.status === 'rejected')
  if (failure) throw failure.reason
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<R>).value)
}

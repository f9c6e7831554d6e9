import type { CheckedPackage } from '../app-package/check-package.js'
import type { Logger } from '../logging.js'
import type { PartnerCenterClient } from '../partner-center/client.js'
import type { ProductIngestionClient } from '../partner-center/product-ingestion.js'
import type { UploadOutcome } from '../storage/blob-upload.js'
import type { Polling } from './polling.js'

/** Everything the engine talks to, handed in by the action's shell (or a test, or a CLI). */
export interface Services {
  client: PartnerCenterClient
  /** The Product Ingestion (Graph) lookup, for offers the listing omits (reference §9.18). */
  productIngestion?: ProductIngestionClient
  logger: Logger
  /** Aborted when the runner cancels the job. */
  signal: AbortSignal
  /** Runs one phase of the run: a log group in the action, a timing in the result. */
  group: <T>(name: string, work: () => Promise<T>) => Promise<T>
  upload: (file: CheckedPackage, sasUrl: string) => Promise<UploadOutcome>
  polling: Polling
}

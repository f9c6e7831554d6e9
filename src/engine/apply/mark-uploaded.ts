import { sleep } from '../../http/sleep.js'
import { PartnerCenterError } from '../../partner-center/errors.js'
import { sameText } from '../../partner-center/normalize.js'
import type { AzurePackage } from '../../partner-center/types.js'
import type { Services } from '../context.js'

/**
 * Statuses of `PUT /packages/{id}` that are transient for a package created a moment earlier:
 * the service's answers lag behind its writes (reference §9.12 for branches; 409 and 404 seen by
 * the action's users in 2026, 412 by analogy with §3.6). Setting state Uploaded twice changes
 * nothing, so the PUT is safe to repeat once the package has been read again.
 */
const TRANSIENT = new Set([404, 409, 412])
/** Tries of the PUT, the first included. */
const TRIES = 3
/** States that mean an earlier PUT did arrive: nothing more to send. */
const PAST_UPLOAD = ['Uploaded', 'InProcessing', 'Processed', 'ProcessFailed']

/**
 * Marks a package uploaded (§5.10 step 3, §9.8). On 404, 409 or 412 it reads the package again
 * and, unless that read shows the mark already arrived, sends the PUT again with what it read:
 * at most TRIES PUTs, waiting the package polling interval (ms, growing per try) between them.
 * Throws the last PartnerCenterError when every try failed, or any other error at once.
 */
export async function markPackageUploaded(
  services: Pick<Services, 'client' | 'logger' | 'polling' | 'signal'>,
  productId: string,
  pkg: AzurePackage
): Promise<void> {
  const { client, logger } = services
  let current = pkg
  for (let attempt = 1; ; attempt++) {
    try {
      await client.markPackageUploaded(productId, current)
      return
    } catch (error) {
      if (!(error instanceof PartnerCenterError) || !TRANSIENT.has(error.status)) throw error
      if (attempt >= TRIES) throw error
      logger.info(
        `Package ${pkg.id}: marking it uploaded answered ${error.status}; reading it again and retrying (${attempt + 1} of ${TRIES})`
      )
      await sleep(services.polling.package.initialMs * attempt, services.signal)
      const fresh = await client.getPackage(productId, pkg.id).catch((readError: unknown) => {
        // Still unknown to a read: retry the PUT with what the run has.
        if (readError instanceof PartnerCenterError && readError.status === 404) return undefined
        throw readError
      })
      if (fresh && PAST_UPLOAD.some((state) => sameText(fresh.state, state))) return
      // The read masks the SAS URL in logs but keeps the value: the PUT sends the package back as read.
      if (fresh) current = { ...pkg, ...fresh }
    }
  }
}

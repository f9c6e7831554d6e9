import { describe, expect, it } from '@jest/globals'
import { createDespiteLateConflict } from '../../../src/engine/apply/late-conflict.js'
import type { Services } from '../../../src/engine/context.js'
import { RequestError } from '../../../src/engine/run-request.js'
import type { PartnerCenterApi } from '../../../src/partner-center/client.js'
import { PartnerCenterError } from '../../../src/partner-center/errors.js'
import type { Submission } from '../../../src/partner-center/types.js'
import { engineContext } from '../../support/engine-context.js'
import { recordingLogger } from '../../support/recording-logger.js'

const conflict = new PartnerCenterError(
  {
    method: 'POST',
    url: 'https://api.partner.microsoft.com/v1.0/ingestion/products/p/submissions'
  },
  { status: 409, headers: {}, body: '' }
)

/** A client whose submission list shows `late`, recording the submissions it deletes. */
function services(late: Submission): { services: Services; deleted: string[] } {
  const deleted: string[] = []
  const client = {
    listSubmissions: () => Promise.resolve([late]),
    deleteSubmission: (_productId: string, id: string) => {
      deleted.push(id)
      return Promise.resolve()
    }
  } as unknown as PartnerCenterApi
  return { services: { client, logger: recordingLogger() } as unknown as Services, deleted }
}

describe('a submission that appears after the check, with on-conflict: cancel', () => {
  it('one already going live is not deleted: the error says to wait instead', async () => {
    const late = { id: '7', state: 'Published', substate: 'Publishing' } as Submission
    const { services: fake, deleted } = services(late)
    const { context } = engineContext(fake, { onConflict: 'cancel' })
    const attempt = createDespiteLateConflict(context, 'p', () => Promise.reject(conflict))
    await expect(attempt).rejects.toThrow(RequestError)
    await expect(attempt).rejects.toThrow(/7 .*can no longer be cancelled.*on-conflict: wait/)
    expect(deleted).toEqual([])
  })
})

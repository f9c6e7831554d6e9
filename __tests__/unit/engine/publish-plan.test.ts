import { describe, expect, it } from '@jest/globals'
import type { Services } from '../../../src/engine/context.js'
import { planPublish } from '../../../src/engine/plan/publish-plan.js'
import type { OfferSnapshot } from '../../../src/engine/read/offer.js'
import { uploadFileName, type PlanWork } from '../../../src/engine/read/plan-packages.js'
import type { RunRequest } from '../../../src/engine/run-request.js'
import type { Submission } from '../../../src/partner-center/types.js'
import { engineContext } from '../../support/engine-context.js'
import { recordingLogger } from '../../support/recording-logger.js'

const services = { logger: recordingLogger() } as unknown as Services

/** One plan whose Package draft is `d-pkg`; the other modules have one draft each. */
function offer(submissions: Submission[]): OfferSnapshot {
  const branch = (id: string, variantID?: string) => [
    { module: '', currentDraftInstanceID: id, ...(variantID ? { variantID } : {}) }
  ]
  return {
    product: { id: 'p', resourceType: 'AzureApplication', name: 'Contoso' },
    plans: [{ planId: 'standard', variantId: 'v1', kind: 'managed-application' }],
    branches: {
      Availability: branch('d-av'),
      Listing: branch('d-li'),
      Property: branch('d-pr'),
      ResellerConfiguration: branch('d-re'),
      Package: [...branch('d-po'), ...branch('d-pkg', 'v1')]
    },
    submissions
  } as OfferSnapshot
}

/** A submission of the drafts above (or of another Package draft), in `state`/`substate`. */
function submission(
  id: string,
  state: string,
  substate: string,
  packageDraft = 'd-pkg'
): Submission {
  return {
    id,
    state,
    substate,
    targets: [],
    resources: [
      'Availability=d-av',
      'Listing=d-li',
      'Package=d-po',
      'Property=d-pr',
      'ResellerConfiguration=d-re'
    ].map((pair) => ({ type: pair.split('=')[0], value: pair.split('=')[1] })),
    variantResources: [{ variantID: 'v1', resources: [{ type: 'Package', value: packageDraft }] }]
  }
}

/** The plan at `current`, asking for 1.2.3; `bound`: this very package is bound at 1.2.3. */
function work(current: string, bound = false): PlanWork {
  const planned = {
    planId: 'standard',
    packagePath: '/w/app.zip',
    packageLabel: 'app.zip',
    version: '1.2.3'
  }
  const checked = { path: '/w/app.zip', size: 10, sha256: 'ab'.repeat(32), md5: 'bWQ1' }
  return {
    planned,
    checked,
    plan: { planId: 'standard', variantId: 'v1', kind: 'managed-application' },
    draftId: 'd-pkg',
    configuration: {
      resourceType: 'AzureManagedApplicationPackageConfiguration',
      id: 'c',
      version: current
    },
    reusable: bound
      ? {
          resourceType: 'AzureApplicationPackage',
          id: 'k',
          fileName: uploadFileName({ planned, checked }),
          state: 'Processed'
        }
      : undefined,
    changes: {}
  }
}

function plan(submissions: Submission[], works: PlanWork[], request: Partial<RunRequest> = {}) {
  const { context, run } = engineContext(services, request)
  return {
    plan: planPublish(context, offer(submissions), { works, drafts: [], newPlans: [] }),
    run
  }
}

const kinds = (changes: { kind: string }[]) => changes.map((change) => change.kind)

describe('planPublish: submit only what differs', () => {
  it('the same drafts as a live submission, target live: no change, that submission', () => {
    const live = submission('1', 'Published', 'InStore')
    const { plan: result } = plan([live], [work('1.2.3', true)], { target: 'live' })
    expect(result.changes).toEqual([])
    expect(result.submission).toEqual({ kind: 'existing', submission: live })
  })

  it('the same drafts as a preview-ready submission, target live: only its promotion', () => {
    const ready = submission('2', 'Published', 'ReadyToPublish')
    const { plan: result } = plan([ready], [work('1.2.3', true)], { target: 'live' })
    expect(kinds(result.changes)).toEqual(['promote-submission'])
    expect(result.changes[0].description).toContain('submission 2')
    expect(result.submission).toEqual({ kind: 'existing', submission: ready })
  })

  it('a failed newer submission does not count: the live one with the same drafts does', () => {
    const live = submission('1', 'Published', 'InStore')
    const failed = { ...submission('9', 'InProgress', 'Failed'), releaseNumber: 2 }
    const { plan: result } = plan([live, failed], [work('1.2.3', true)])
    expect(result.submission).toEqual({ kind: 'existing', submission: live })
  })

  it('drafts bound but never submitted (another Package draft in the live one): a new submission', () => {
    const live = submission('1', 'Published', 'InStore', 'd-old')
    const { plan: result } = plan([live], [work('1.2.3', true)], { target: 'live' })
    expect(kinds(result.changes)).toEqual(['create-submission', 'promote-submission'])
  })

  it('a new package: upload, bind, submit, in that order, each with its writes', () => {
    const { plan: result } = plan([submission('1', 'Published', 'InStore')], [work('1.0.0')])
    expect(
      result.changes.map((change) => [change.kind, change.from, change.to, change.writes])
    ).toEqual([
      [
        'upload-package',
        undefined,
        expect.stringMatching(/^app-1\.2\.3-/),
        ['POST packages', 'PUT blob', 'PUT packages']
      ],
      ['bind-package', '1.0.0', '1.2.3', ['PUT packageConfigurations']],
      ['create-submission', undefined, 'preview', ['POST submissions']]
    ])
  })

  it('target draft: the package changes only', () => {
    const { plan: result } = plan([], [work('1.0.0')], { target: 'draft' })
    expect(kinds(result.changes)).toEqual(['upload-package', 'bind-package'])
    expect(result.submission).toEqual({ kind: 'none' })
  })
})

describe('planPublish refuses before any write', () => {
  it('a version equal to the current one for another package, naming the next version', () => {
    expect(() => plan([], [work('1.2.3')])).toThrow(
      /version 1\.2\.3 equals its current version 1\.2\.3, which holds another package\..*1\.2\.4/
    )
  })

  it('versions refused in several plans: every plan is named, one line each, not only the first', () => {
    const premium = work('2.0.0')
    premium.planned = { ...premium.planned, planId: 'premium' }
    expect(() => plan([], [work('1.2.3'), premium])).toThrow(
      /^Plan standard: version 1\.2\.3 equals .*\nPlan premium: version 1\.2\.3 is lower than its current version 2\.0\.0\./s
    )
  })

  it('someone else’s submission in progress: fail by default; cancel plans its deletion first', () => {
    const other = submission('5', 'InProgress', 'Submitted', 'd-other')
    expect(() => plan([other], [work('1.0.0')])).toThrow(/Submission 5 is in progress/)
    const { plan: result } = plan([other], [work('1.0.0')], { onConflict: 'cancel' })
    expect(kinds(result.changes)).toEqual([
      'cancel-submission',
      'upload-package',
      'bind-package',
      'create-submission'
    ])
    expect(result.blocking).toBe(other)
  })
})

/**
 * One run result per outcome a person can meet, as the engine reports them, for the summary
 * tests and for `npm run summaries` (docs/summaries/). The values follow what the emulator
 * answers for the sample offer.
 */
import { InputError } from '../src/action/inputs.js'
import { JobCancelledError } from '../src/report/outcome.js'
import { summaryView, type SummaryView } from '../src/report/summary.js'
import { ManifestError } from '../src/manifest/manifest.js'
import {
  newRunResult,
  partnerCenterOfferUrl,
  type Change,
  type ChangeKind,
  type Command,
  type RunResult,
  type SubmissionReport,
  type Target,
  type WorkflowStepReport
} from '../src/engine/result.js'
import { type InputName } from '../src/naming.js'

/** A change of the plan as the engine records it (src/engine/plan/). */
function change(
  kind: ChangeKind,
  subject: string,
  description: string,
  extra: Partial<Change> = {}
): Change {
  const WRITES: Record<ChangeKind, string[]> = {
    'cancel-submission': ['DELETE submissions'],
    'create-plan': ['POST variants'],
    'upload-package': ['POST packages', 'PUT blob', 'PUT packages'],
    'continue-package': [],
    'bind-package': ['PUT packageConfigurations'],
    'create-submission': ['POST submissions'],
    'promote-submission': ['POST promote'],
    'update-field': ['PUT listings'],
    'upload-image': ['POST images', 'PUT blob', 'PUT images', 'DELETE images'],
    'delete-image': ['DELETE images']
  }
  const module =
    kind === 'update-field' || kind.endsWith('image')
      ? 'Listing'
      : kind === 'create-plan'
        ? 'Plan'
        : kind.endsWith('package')
          ? 'Package'
          : 'Submission'
  return { kind, module, subject, writes: WRITES[kind], description, done: true, ...extra }
}

const PRODUCT_ID = '0f9b6c2e-4b1a-4f5e-9a51-3c1d2e4f5a6b'
const VERSION = '0.1.0'

const INPUTS: [InputName, string][] = [
  ['tenant-id', 'contoso.onmicrosoft.com'],
  ['client-id', '11111111-2222-3333-4444-555555555555'],
  ['client-secret', '(set, not shown)'],
  ['manifest', 'marketplace.yml'],
  ['wait-timeout', '600']
]

function base(command: Command, options: { target?: Target; dryRun?: boolean } = {}): RunResult {
  const result = newRunResult(command, options.dryRun ?? false, options.target)
  result.offerId = 'contoso-app'
  result.productId = PRODUCT_ID
  result.partnerCenterUrl = partnerCenterOfferUrl(PRODUCT_ID)
  return result
}

function withPlans(result: RunResult): RunResult {
  result.plans = [
    {
      planId: 'standard',
      kind: 'managed-application',
      file: 'build/standard.zip',
      size: 48_213,
      version: '1.2.3',
      previousVersion: '1.2.2',
      packageId: 'pkg-standard-123',
      state: 'bound'
    },
    {
      planId: 'premium',
      kind: 'solution-template',
      file: 'build/premium.zip',
      size: 51_877,
      version: '1.2.3',
      previousVersion: '1.2.2',
      packageId: 'pkg-premium-456',
      state: 'bound'
    }
  ]
  result.changes = result.plans.flatMap((plan) => [
    change(
      'upload-package',
      plan.planId,
      `Plan ${plan.planId}: uploaded ${plan.file} as ${plan.packageId}`,
      { to: plan.file }
    ),
    change(
      'bind-package',
      plan.planId,
      `Plan ${plan.planId}: technical configuration 1.2.2 → 1.2.3`,
      { from: '1.2.2', to: '1.2.3' }
    )
  ])
  result.phases = [
    { name: 'Check packages', seconds: 0.1 },
    { name: 'Read the offer', seconds: 1.4 },
    { name: 'Upload, process and bind packages', seconds: 92.3 }
  ]
  return result
}

const step = (
  environment: string,
  name: string,
  state: string,
  times: [string?, string?] = []
): WorkflowStepReport => ({ environment, name, state, started: times[0], completed: times[1] })

/** A submission to preview as reported, `state` as `State/Substate`. */
function submission(
  id: string,
  state: string,
  action: SubmissionReport['action'],
  steps: WorkflowStepReport[]
): SubmissionReport {
  const [main, substate] = state.split('/')
  return { id, target: 'preview', state: main, substate, action, steps }
}

const PREVIEW_STEPS = [
  step('preview', 'Validation', 'Success', ['2026-11-29T10:00:00Z', '2026-11-29T10:04:10Z']),
  step('preview', 'Preview creation', 'Success', ['2026-11-29T10:04:10Z', '2026-11-29T10:21:00Z'])
]

const LIVE_STEPS = [
  ...PREVIEW_STEPS,
  step('live', 'Certification', 'Success', ['2026-11-29T10:30:00Z', '2026-11-29T14:02:00Z']),
  step('live', 'Publish', 'Success', ['2026-11-29T14:02:00Z', '2026-11-29T14:19:00Z'])
]

function previewReady(command: Command): RunResult {
  const result =
    command === 'publish' ? withPlans(base('publish', { target: 'preview' })) : base(command)
  result.status = 'preview-ready'
  result.submission = submission(
    '1152921505694436710',
    'Published/ReadyToPublish',
    command === 'publish' ? 'created' : 'reported',
    PREVIEW_STEPS
  )
  if (command === 'publish') {
    result.changes.push(
      change(
        'create-submission',
        'contoso-app',
        'Created submission 1152921505694436710 to preview'
      )
    )
  }
  return result
}

function live(): RunResult {
  const result = withPlans(base('publish', { target: 'live' }))
  result.status = 'live'
  result.submission = submission('1152921505694436710', 'Published/InStore', 'promoted', LIVE_STEPS)
  result.changes.push(
    change('create-submission', 'contoso-app', 'Created submission 1152921505694436710 to preview'),
    change('promote-submission', 'contoso-app', 'Promoted submission 1152921505694436710 to live')
  )
  return result
}

function validationFailure(): RunResult {
  const result = withPlans(base('publish', { target: 'preview' }))
  result.status = 'failed'
  result.submission = submission('1152921505694436711', 'InProgress/Failed', 'created', [
    step('preview', 'Validation', 'Failed', ['2026-11-29T10:00:00Z', '2026-11-29T10:03:00Z']),
    step('preview', 'Preview creation', 'NotStarted')
  ])
  result.validations = [
    {
      severity: 'Error',
      code: 'ARM-TTK-0012',
      message: 'mainTemplate.json: the parameter "adminPassword" must be a secureString.',
      resource: 'plan standard'
    },
    {
      severity: 'Warning',
      code: 'Listing-1001',
      message: 'The listing has no screenshots. See [the guide](https://example.com) for sizes.',
      resource: 'listing'
    }
  ]
  result.changes.push(
    change('create-submission', 'contoso-app', 'Created submission 1152921505694436711 to preview')
  )
  result.error =
    'Submission 1152921505694436711 failed in Partner Center (InProgress/Failed, step Validation: Failed). ' +
    'See the validation messages, fix the offer and publish again.'
  return result
}

function conflict(): RunResult {
  const result = base('publish', { target: 'preview' })
  result.plans = withPlans(base('publish')).plans.map((plan) => ({
    ...plan,
    packageId: undefined,
    state: 'checked'
  }))
  result.status = 'failed'
  result.error =
    'Submission 1152921505694436700 is in progress (InProgress/InProgress), and Partner Center accepts one ' +
    'submission at a time. Wait for it, cancel it (`command: cancel`), or set `on-conflict: wait` or `on-conflict: cancel`.'
  // As the recorder takes them from the RequestError that says so (src/suggestions.ts).
  result.suggestions = ['`command: cancel`', '`on-conflict: wait`', '`on-conflict: cancel`']
  return result
}

function dryRun(): RunResult {
  const result = base('publish', { target: 'live', dryRun: true })
  result.plans = withPlans(base('publish')).plans.map((plan) => ({
    ...plan,
    packageId: undefined,
    state: 'planned'
  }))
  result.status = 'dry-run'
  result.changes = [
    change('update-field', 'contoso-app', 'Listing of contoso-app: en-us.summary', {
      field: 'en-us.summary',
      from: '"Deploy Contoso in minutes."',
      to: '"Deploy and run Contoso on Azure in minutes."',
      done: false
    }),
    change('update-field', 'contoso-app', 'Listing of contoso-app: en-us.description changed', {
      field: 'en-us.description',
      from: '(92 characters)',
      to: '(131 characters)',
      diff: [
        '--- en-us.description (Partner Center)',
        '+++ en-us.description (manifest)',
        '@@ -1,2 +1,3 @@',
        ' <p>Contoso App deploys a web app and its database.</p>',
        '-<p>Version 1.0.</p>',
        '+<p>Version 1.2: zone-redundant storage.</p>',
        '+<p>Support by Contoso.</p>'
      ].join('\n'),
      done: false
    }),
    change('upload-package', 'standard', 'Plan standard: upload build/standard.zip (48213 bytes)', {
      to: 'build/standard.zip',
      done: false
    }),
    change('bind-package', 'standard', 'Plan standard: technical configuration 1.2.2 → 1.2.3', {
      from: '1.2.2',
      to: '1.2.3',
      done: false
    }),
    change('create-submission', 'contoso-app', 'Create a submission to preview', { done: false }),
    change(
      'promote-submission',
      'contoso-app',
      'Promote the submission to live once the preview is ready',
      { done: false }
    )
  ]
  result.notes.push('Dry run: nothing was changed in Partner Center.')
  return result
}

function goLive(): RunResult {
  const result = base('go-live')
  result.status = 'publishing'
  result.submission = submission('1152921505694436710', 'Published/Publishing', 'promoted', [
    ...PREVIEW_STEPS,
    step('live', 'Certification', 'InProgress', ['2026-11-29T10:30:00Z']),
    step('live', 'Publish', 'NotStarted')
  ])
  result.changes.push(
    change('promote-submission', 'contoso-app', 'Promoted submission 1152921505694436710 to live')
  )
  return result
}

function cancel(): RunResult {
  const result = base('cancel')
  result.status = 'cancelled'
  result.submission = submission('1152921505694436712', 'InProgress/InProgress', 'cancelled', [])
  result.changes.push(
    change('cancel-submission', 'contoso-app', 'Cancelled submission 1152921505694436712')
  )
  return result
}

function jobCancelled(): { result: RunResult; cause: Error } {
  const result = withPlans(base('publish', { target: 'preview' }))
  const cause = new JobCancelledError('The job was cancelled before the command finished.')
  result.status = 'failed'
  result.error = cause.message
  result.plans[1].state = 'processing'
  result.changes = result.changes.slice(0, 2)
  result.notes.push(
    'Cancelled: plan premium stopped at processing; no submission was created. Run the same publish again to finish: it continues with the packages and the submission this run left, without uploading the same package or submitting twice.'
  )
  return { result, cause }
}

function signInFailure(): RunResult {
  const result = base('publish', { target: 'preview' })
  result.productId = undefined
  result.partnerCenterUrl = undefined
  result.status = 'failed'
  result.error =
    'Entra ID refused the client secret of app 11111111-2222-3333-4444-555555555555 (AADSTS7000215): ' +
    'it is wrong or has expired. Create a new secret and store it in the secret the workflow passes as client-secret.'
  // As the recorder keeps it when the token, fetched on the first call, is refused.
  result.errorName = 'SignInError'
  return result
}

function beforeTheEngine(
  cause: Error,
  command: Command = 'publish'
): { result: RunResult; cause: Error } {
  const result = newRunResult(command, false)
  result.status = 'failed'
  result.error = cause.message
  return { result, cause }
}

/** Each outcome: a file name under docs/summaries/, what it shows, and its view. */
export interface SummaryExample {
  name: string
  description: string
  view: SummaryView
}

const view = (result: RunResult, cause?: unknown, inputs = INPUTS): SummaryView =>
  summaryView(result, { cause, inputs, version: VERSION })

export function summaryExamples(): SummaryExample[] {
  const inputError = beforeTheEngine(
    new InputError('Input on-conflict is "ignore"; allowed values are fail, wait, cancel.')
  )
  const manifestError = beforeTheEngine(
    new ManifestError([
      {
        file: 'deploy/marketplace.yml',
        line: 4,
        column: 5,
        message:
          'unknown field "pakage" in plans.0; allowed fields are id, package, version, listing, availability, kind, managedApplication.'
      },
      {
        file: 'deploy/marketplace.yml',
        line: 9,
        column: 16,
        message: 'listing.en-us.summary must be at most 100 characters.'
      }
    ])
  )
  const cancelled = jobCancelled()
  const statusFailed = validationFailure()
  statusFailed.command = 'status'
  statusFailed.target = undefined
  statusFailed.plans = []
  statusFailed.changes = []
  statusFailed.error = undefined
  statusFailed.submission!.action = 'reported'
  return [
    {
      name: 'publish-preview',
      description: 'Published to preview; the preview is ready',
      view: view(previewReady('publish'))
    },
    { name: 'publish-live', description: 'Published and promoted to live', view: view(live()) },
    {
      name: 'failed-validation',
      description: 'Partner Center failed the submission',
      view: view(validationFailure())
    },
    {
      name: 'failed-conflict',
      description: 'Another submission is in progress',
      view: view(conflict())
    },
    {
      name: 'failed-sign-in',
      description: 'Entra ID refused the credential',
      view: view(signInFailure())
    },
    {
      name: 'failed-job-cancelled',
      description: 'The job was cancelled while publishing',
      view: view(cancelled.result, cancelled.cause)
    },
    {
      name: 'input-error',
      description: 'An input is not valid',
      view: view(inputError.result, inputError.cause, [...INPUTS, ['on-conflict', 'ignore']])
    },
    {
      name: 'manifest-error',
      description: 'The manifest is not valid',
      view: view(manifestError.result, manifestError.cause)
    },
    { name: 'dry-run', description: 'Dry run of a publish to live', view: view(dryRun()) },
    {
      name: 'status-preview-ready',
      description: 'status: the preview is ready',
      view: view(previewReady('status'))
    },
    {
      name: 'status-failed',
      description: 'status: the submission failed',
      view: view(statusFailed)
    },
    {
      name: 'go-live',
      description: 'go-live: promoted, certification running',
      view: view(goLive())
    },
    {
      name: 'cancel',
      description: 'cancel: the submission in progress was cancelled',
      view: view(cancel())
    }
  ]
}

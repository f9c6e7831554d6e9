import type { PreflightReport } from './check/packages.js'

/**
 * What a run did, in plain data. The run's Recorder (recorder.ts) fills one RunResult as it
 * goes, so that outputs and the job summary can say what was changed and what was not even when
 * a step fails.
 */

/** A command's name, as the `command` input takes it (the list is in src/commands/index.ts). */
export type Command = string
export type Target = 'draft' | 'preview' | 'live'

/**
 * Every value of the `status` output; a wait that ends early gives the state reached
 * (`submitted` while the submission is in progress). `unchanged`: the drafts already held
 * everything asked for and no submission was asked for, so nothing at all was written. A test
 * keeps action.yml and the README listing the same.
 */
export const RUN_STATUSES = [
  'draft-updated',
  'unchanged',
  'submitted',
  'preview-ready',
  'publishing',
  'live',
  'cancelled',
  'failed',
  'dry-run',
  'no-submission',
  'checked',
  'listed',
  'exported'
] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

export type PlanState =
  | 'checked'
  | 'uploading'
  | 'processing'
  | 'processed'
  | 'bound'
  | 'reused'
  | 'failed'
  | 'planned'
  /** A package was created and left unbound by a failed run (engine/write/unfinished-package.ts). */
  | 'unfinished'

export interface PlanResult {
  planId: string
  variantId?: string
  /** `solution-template` or `managed-application`. */
  kind?: string
  file: string
  size?: number
  version: string
  /** Version of the technical configuration before this run. */
  previousVersion?: string
  packageId?: string
  packageFileName?: string
  state: PlanState
  uploadSeconds?: number
  bytesPerSecond?: number
}

export interface ValidationMessage {
  severity: string
  code?: string
  message: string
  resource?: string
}

export interface WorkflowStepReport {
  environment: string
  name: string
  state: string
  /** ISO 8601 UTC, as Partner Center gives them (workflowdetails, §5.13); absent until known. */
  started?: string
  completed?: string
}

export interface SubmissionReport {
  id: string
  target: string
  state: string
  substate: string
  /** Created by this run, found and followed, promoted, or deleted. */
  action: 'created' | 'reused' | 'followed' | 'promoted' | 'cancelled' | 'reported'
  steps: WorkflowStepReport[]
}

/** The kinds of change a plan is made of, in the order they are applied. */
export type ChangeKind =
  | 'cancel-submission'
  /** A plan the manifest names with a `kind` and the offer does not have (§5.4). */
  | 'create-plan'
  | 'upload-package'
  | 'continue-package'
  | 'bind-package'
  | 'create-submission'
  | 'promote-submission'
  /** One field of an offer module's draft (listing text, a property): `field` names it. */
  | 'update-field'
  /** A listing image uploaded (§5.6), replacing those of its type once processed. */
  | 'upload-image'
  /** A listing image deleted: a screenshot the manifest no longer lists. */
  | 'delete-image'

/**
 * One change of the run's plan (Terraform's "resource change"): what changes, from what to what,
 * and which writes do it. A dry run lists them; a real run applies them and marks each done.
 */
export interface Change {
  kind: ChangeKind
  /**
   * The Partner Center module it changes: `Plan` (a plan created), `Package` (plan level),
   * `Submission` (offer level), or
   * an offer module whose draft holds fields (`Listing`, `Property`, `Availability`).
   */
  module: 'Plan' | 'Package' | 'Submission' | 'Listing' | 'Property' | 'Availability'
  /** The plan ID for plan-level changes, else the offer ID. */
  subject: string
  /**
   * For `update-field`: the field, as the manifest names it, with the language for a listing
   * (`en-us.summary`).
   */
  field?: string
  /**
   * For a long text (`update-field` of a description): the change as a unified diff, which the
   * log and summary show in full while `from` and `to` only give the lengths.
   */
  diff?: string
  /** The value before, when there is one (a version, a submission's state). */
  from?: string
  /** The value after (a version, a package file name, a state). */
  to?: string
  /**
   * The write requests that make the change, as `METHOD resource` (`POST packages`,
   * `PUT blob`, `PUT packageConfigurations`, `POST submissions`, `POST promote`,
   * `DELETE submissions`, `POST images`, `PUT images`, `DELETE images`); empty for a change that only continues what an earlier run began.
   */
  writes: string[]
  /** What was done, or in a dry run would be done. */
  description: string
  done: boolean
}

/**
 * One offer of the repository, as `command: list` finds it: the manifest's path relative to the
 * workspace (forward slashes) and the offer ID it names.
 */
export interface MatrixEntry {
  manifest: string
  offer: string
}

export interface PhaseTiming {
  name: string
  seconds: number
}

export interface RunResult {
  command: Command
  /** What the run is, for the summary's title (`publish to preview`, `status`): its command's. */
  title?: string
  target?: Target
  dryRun: boolean
  offerId?: string
  productId?: string
  offerName?: string
  partnerCenterUrl?: string
  status?: RunStatus
  plans: PlanResult[]
  submission?: SubmissionReport
  validations: ValidationMessage[]
  changes: Change[]
  phases: PhaseTiming[]
  /** The pre-flight of the packages' templates, when it ran. */
  preflight?: PreflightReport
  /** command list: one entry per offer found, for a workflow's `strategy.matrix`. */
  matrix?: MatrixEntry[]
  /** Things the user should know or do next (how to resume after a timeout, for example). */
  notes: string[]
  error?: string
  /**
   * The name of the error class that ended the run (`SignInError`, `RequestError`,
   * `PartnerCenterError`…): lets the shell tell kinds of failure apart without reading the text.
   */
  errorName?: string
  /**
   * The settings and commands the error offers as ways out, quoted in the running shell's words
   * ("`on-conflict: cancel`"): attached by our code, never read from a server's text
   * (src/suggestions.ts).
   */
  suggestions?: string[]
}

export function newRunResult(command: Command, dryRun: boolean, target?: Target): RunResult {
  return { command, target, dryRun, plans: [], validations: [], changes: [], phases: [], notes: [] }
}

/** The offer's overview page in Partner Center. */
export function partnerCenterOfferUrl(productId: string): string {
  return `https://partner.microsoft.com/dashboard/commercial-marketplace/offers/${productId}/overview`
}

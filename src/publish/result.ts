/**
 * What a run did, in plain data. Every command fills one RunResult as it goes, so that outputs
 * and the job summary can say what was changed and what was not even when a step fails.
 */

export type Command = 'publish' | 'status' | 'go-live' | 'cancel'
export type Target = 'draft' | 'preview' | 'live'

/**
 * Every value of the `status` output; a wait that ends early gives the state reached
 * (`submitted` while the submission is in progress). A test keeps action.yml and the README
 * listing the same.
 */
export const RUN_STATUSES = [
  'draft-updated',
  'submitted',
  'preview-ready',
  'publishing',
  'live',
  'cancelled',
  'failed',
  'dry-run',
  'no-submission'
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

export interface Change {
  /** What was done, or in a dry run would be done. */
  description: string
  done: boolean
}

export interface PhaseTiming {
  name: string
  seconds: number
}

export interface RunResult {
  command: Command
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
  /** Things the user should know or do next (how to resume after a timeout, for example). */
  notes: string[]
  error?: string
}

export function newRunResult(command: Command, dryRun: boolean, target?: Target): RunResult {
  return { command, target, dryRun, plans: [], validations: [], changes: [], phases: [], notes: [] }
}

/** The offer's overview page in Partner Center. */
export function partnerCenterOfferUrl(productId: string): string {
  return `https://partner.microsoft.com/dashboard/commercial-marketplace/offers/${productId}/overview`
}

import type { Product } from '../partner-center/types.js'
import type { PreflightReport } from './check/packages.js'
import { suggestionsOf } from '../suggestions.js'
import {
  partnerCenterOfferUrl,
  type Change,
  type MatrixEntry,
  type PlanResult,
  type RunResult,
  type RunStatus,
  type SubmissionReport,
  type ValidationMessage
} from './result.js'

/**
 * The one writer of the run's result. Every step reports through it what it found, planned and
 * did; nothing else assigns to the RunResult, so the result always tells what was changed and
 * what was not, whichever step failed.
 */
export class Recorder {
  constructor(private readonly run: RunResult) {}

  /** The result as recorded so far (read it; change it only through the recorder). */
  get result(): Readonly<RunResult> {
    return this.run
  }

  /** What the run is about, known before any step: the offer ID asked for, the summary title. */
  started({ offerId, title }: { offerId: string; title: string }): void {
    // check needs no offer: an empty offer ID is none.
    this.run.offerId = offerId || undefined
    this.run.title = title
  }

  /** The offer, as soon as it is found: outputs name it even when a later step fails. */
  offer(product: Product): void {
    this.run.productId = product.id
    this.run.offerName = product.name
    this.run.partnerCenterUrl = partnerCenterOfferUrl(product.id)
  }

  plans(plans: PlanResult[]): void {
    this.run.plans = plans
  }

  /** Updates what is known of one plan (its state, its package, its upload speed). */
  plan(planId: string, update: Partial<PlanResult>): void {
    const plan = this.run.plans.find((candidate) => candidate.planId === planId)
    if (plan) Object.assign(plan, update)
  }

  /** The plan's changes, all not done yet; `done` marks them one by one as they are applied. */
  planned(changes: Change[]): void {
    this.run.changes.push(...changes)
  }

  /** Marks a planned change done, with what is known only once done (an id, a speed). */
  done(change: Change, description?: string): void {
    change.done = true
    if (description) change.description = description
  }

  /** The pre-flight's report; its findings are added as each package is checked. */
  preflight(report: PreflightReport): void {
    this.run.preflight = report
  }

  submission(report: SubmissionReport): void {
    this.run.submission = report
  }

  validations(items: ValidationMessage[]): void {
    this.run.validations.push(...items)
  }

  status(status: RunStatus): void {
    this.run.status = status
  }

  /** command list: the offers found, one matrix entry each. */
  matrix(entries: MatrixEntry[]): void {
    this.run.matrix = entries
  }

  note(text: string): void {
    this.run.notes.push(text)
  }

  phase(name: string, seconds: number): void {
    this.run.phases.push({ name, seconds })
  }

  failed(error: unknown): void {
    this.run.status = 'failed'
    this.run.error = error instanceof Error ? error.message : String(error)
    if (error instanceof Error) this.run.errorName = error.name
    const suggestions = suggestionsOf(error)
    if (suggestions.length > 0) this.run.suggestions = suggestions
  }
}

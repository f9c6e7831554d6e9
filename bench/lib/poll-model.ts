/**
 * A model of following a submission to live, independent of the emulator: the submission's
 * visible state and workflow step as functions of simulated time, and a polling policy that
 * decides, after each call, what to call next and when. It replays the back-off the action used
 * before and the step-aware policy it uses now (`nextSubmissionRead` in src/engine/apply/wait.ts),
 * on the same timings: the measured run checks the model, and the model gives the worst case over
 * when certification ends, which one run cannot.
 */

export interface ModelTimings {
  validation: number
  previewCreation: number
  certification: number
  publish: number
}

type Call = 'submission' | 'workflowdetails'

interface Seen {
  /** state/substate as GET submission shows it. */
  state: string
  /** The workflow step in progress, as workflowdetails shows it. */
  step: string
}

/** After a call at `now` that saw `seen` (changed: it differs from the call before), what next. */
export type Policy = (seen: Seen, changed: boolean) => { call: Call; afterSeconds: number }

export interface ModelOutcome {
  calls: number
  /** Simulated seconds from each visible state change to the first call that showed it. */
  lateSeconds: Record<string, number>
}

function submissionAt(t: number, promotedAt: number | undefined, timings: ModelTimings): Seen {
  const previewReady = timings.validation + timings.previewCreation
  if (t < timings.validation) return { state: 'InDraft', step: 'Automated validation' }
  if (t < previewReady) return { state: 'Submitted', step: 'Preview creation' }
  if (promotedAt === undefined) return { state: 'ReadyToPublish', step: 'Publisher signoff' }
  const certified = promotedAt + timings.certification
  if (t < certified) return { state: 'Publishing', step: 'Certification' }
  if (t < certified + timings.publish) return { state: 'Publishing', step: 'Publish' }
  return { state: 'InStore', step: 'done' }
}

/** Follows a submission created at t = 0 to InStore; promotes as soon as ReadyToPublish shows. */
export function followToLive(policy: Policy, timings: ModelTimings): ModelOutcome {
  const changesAt = (promotedAt: number): Record<string, number> => ({
    Submitted: timings.validation,
    ReadyToPublish: timings.validation + timings.previewCreation,
    InStore: promotedAt + timings.certification + timings.publish
  })
  const lateSeconds: Record<string, number> = {}
  let promotedAt: number | undefined
  let calls = 0
  let t = 0
  let call: Call = 'submission'
  let previous = ''
  for (;;) {
    calls++
    const seen = submissionAt(t, promotedAt, timings)
    if (call === 'submission' && !(seen.state in lateSeconds) && seen.state in changesAt(0)) {
      lateSeconds[seen.state] = t - changesAt(promotedAt ?? t)[seen.state]
    }
    if (seen.state === 'InStore' && call === 'submission') return { calls, lateSeconds }
    if (seen.state === 'ReadyToPublish' && call === 'submission' && promotedAt === undefined) {
      promotedAt = t
      calls++
    }
    const key = `${call}:${call === 'submission' ? seen.state : seen.step}`
    const next = policy(seen, key !== previous)
    previous = key
    call = next.call
    t += next.afterSeconds
  }
}

/** pollUntil's growing interval: `initialSeconds` growing ×`factor` to `maxSeconds`, back to the start after each change. */
export function backoffPolicy(initialSeconds: number, maxSeconds: number, factor = 1.5): Policy {
  let wait = initialSeconds
  return (_seen, changed) => {
    if (changed) wait = initialSeconds
    const afterSeconds = wait
    wait = Math.min(maxSeconds, wait * factor)
    return { call: 'submission', afterSeconds }
  }
}

/** The step-aware policy's intervals, in seconds (the action's are in src/engine/polling.ts). */
export interface StepAwareIntervals {
  /** The growing interval until the preview is ready. */
  initialSeconds: number
  maxSeconds: number
  /** One workflowdetails read this often while certification runs. */
  longStepSeconds: number
  /** One submission read this often once Publish shows. */
  nearSeconds: number
}

/**
 * By workflow step: the same back-off until the preview is ready; then, while certification runs
 * (hours to days, no visible change at its end), one workflowdetails call every `longStepSeconds`
 * — short enough not to miss the Publish step, which lasts minutes — and once Publish shows,
 * the submission every `nearSeconds`, since InStore is next. (The action first reads the
 * submission after promoting, then the steps: the model knows the step from that first call, one
 * call fewer.)
 */
export function stepAwarePolicy(intervals: StepAwareIntervals): Policy {
  const preview = backoffPolicy(intervals.initialSeconds, intervals.maxSeconds)
  return (seen, changed) => {
    if (seen.step === 'Certification')
      return { call: 'workflowdetails', afterSeconds: intervals.longStepSeconds }
    if (seen.step === 'Publish') return { call: 'submission', afterSeconds: intervals.nearSeconds }
    return preview(seen, changed)
  }
}

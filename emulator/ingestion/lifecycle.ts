import { createHash } from 'node:crypto'
import type { Timings } from '../types.js'
import type { PackageRecord, SubmissionRecord } from './model.js'

/**
 * The time-driven state machines of §7, evaluated lazily from timestamps on the emulator clock:
 * nothing runs in the background, so advancing the clock moves every resource at once.
 */

/** Package: Uploaded → InProcessing → Processed | ProcessFailed (§7.1). */
export function packageState(record: PackageRecord, nowMs: number, timings: Timings): string {
  return processingState(record, nowMs, timings.packageProcessing)
}

/**
 * Uploaded → InProcessing → Processed | ProcessFailed after `seconds` of simulated time (§7.1):
 * packages, and listing images (the same states, §5.6).
 */
export function processingState(
  record: Pick<PackageRecord, 'body' | 'uploadedAtMs' | 'failure'>,
  nowMs: number,
  seconds: number
): string {
  if (record.uploadedAtMs === undefined) return String(record.body.state ?? 'PendingUpload')
  const elapsed = nowMs - record.uploadedAtMs
  // Uploaded only for the first simulated second, then InProcessing until processing is done.
  if (elapsed < Math.min(1000, seconds * 1000)) return 'Uploaded'
  if (elapsed < seconds * 1000) return 'InProcessing'
  return record.failure ? 'ProcessFailed' : 'Processed'
}

export interface SubmissionStatus {
  state: string
  substate: string
  pendingUpdateInfo: { updateType: string; status: string }
  /** 0 validating, 1 preview creation, 2 awaiting sign-off, 3 certification, 4 publishing, 5 live. */
  stage: number
  failed: boolean
}

interface StatusOptions {
  /** See SubmissionStatus.stage; stages 3 and up belong to the promote (updateType Promote). */
  stage: number
  /** pendingUpdateInfo.status: Running, or Completed. */
  running: boolean
  failed?: boolean
}

const status = (
  state: string,
  substate: string,
  { stage, running, failed = false }: StatusOptions
): SubmissionStatus => ({
  state,
  substate,
  pendingUpdateInfo: {
    updateType: stage >= 3 ? 'Promote' : 'Create',
    status: running ? 'Running' : 'Completed'
  },
  stage,
  failed
})

/** Milestones of a submission in simulated ms; undefined when not reached by design yet. */
export function milestones(sub: SubmissionRecord, timings: Timings) {
  const validated = sub.createdAtMs + timings.validation * 1000
  const previewReady = validated + timings.previewCreation * 1000
  const certified =
    sub.promotedAtMs === undefined ? undefined : sub.promotedAtMs + timings.certification * 1000
  const live = certified === undefined ? undefined : certified + timings.publish * 1000
  return { validated, previewReady, certified, live }
}

/**
 * Submission (§7.2): InProgress/InDraft (Create/Running) → InProgress/Submitted →
 * Published/ReadyToPublish; failure → InProgress/Failed (Create/Completed); promote →
 * Published/Publishing (certification, then publish) → Published/InStore.
 */
export function submissionStatus(
  sub: SubmissionRecord,
  nowMs: number,
  timings: Timings
): SubmissionStatus {
  if (sub.pinned) {
    // Someone else's submission that finishes on its own (on-conflict: wait) reaches preview.
    if (sub.pinnedUntilMs !== undefined && nowMs >= sub.pinnedUntilMs) {
      return status('Published', 'ReadyToPublish', { stage: 2, running: false })
    }
    return pinnedStatus(sub.pinned.state, sub.pinned.substate)
  }
  const m = milestones(sub, timings)
  if (nowMs < m.validated) return status('InProgress', 'InDraft', { stage: 0, running: true })
  if (sub.failure) return status('InProgress', 'Failed', { stage: 0, running: false, failed: true })
  if (nowMs < m.previewReady) return status('InProgress', 'Submitted', { stage: 1, running: true })
  if (m.certified === undefined || m.live === undefined)
    return status('Published', 'ReadyToPublish', { stage: 2, running: false })
  if (nowMs < m.certified) return status('Published', 'Publishing', { stage: 3, running: true })
  if (nowMs < m.live) return status('Published', 'Publishing', { stage: 4, running: true })
  return status('Published', 'InStore', { stage: 5, running: false })
}

function pinnedStatus(state: string, substate: string): SubmissionStatus {
  const stageBySubstate: Record<string, number> = {
    InDraft: 0,
    Submitted: 1,
    Failed: 0,
    ReadyToPublish: 2,
    Publishing: 4,
    InStore: 5
  }
  const stage = stageBySubstate[substate] ?? 0
  return status(state, substate, {
    stage,
    running: !['Failed', 'ReadyToPublish', 'InStore'].includes(substate),
    failed: substate === 'Failed'
  })
}

/** Stable etag for a computed resource: changes whenever its visible state changes. */
export function derivedEtag(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('|')).digest('hex')
  return `"${hex.slice(0, 8)}-0000-0800-0000-${hex.slice(8, 20)}"`
}

const STEPS = [
  'Automated validation',
  'Preview Creation',
  'Publisher Signoff',
  'Certification',
  'Publish'
]

const iso = (ms: number | undefined): string | null =>
  ms === undefined ? null : new Date(ms).toISOString()

/**
 * Two WorkflowDetail entries (§7.3): preview (automated validation, preview creation, publisher
 * sign-off) and live (certification, publish). Step names follow what S6 expects [O].
 */
export function workflowDetails(sub: SubmissionRecord, nowMs: number, timings: Timings) {
  const current = submissionStatus(sub, nowMs, timings)
  const m = sub.pinned ? undefined : milestones(sub, timings)
  const bounds: [number | undefined, number | undefined][] = [
    [sub.createdAtMs, m?.validated],
    [m?.validated, m?.previewReady],
    [m?.previewReady, sub.promotedAtMs],
    [sub.promotedAtMs, m?.certified],
    [m?.certified, m?.live]
  ]
  const steps = STEPS.map((name, index) => {
    const stepState =
      index < current.stage || current.stage === 5
        ? 'Success'
        : index > current.stage
          ? 'NotStarted'
          : current.failed
            ? 'Failed'
            : 'InProgress'
    const [start, end] = bounds[index]
    return {
      name,
      state: stepState,
      startDateTimeInUtc: stepState === 'NotStarted' ? null : iso(start),
      completeDateTimeInUtc:
        stepState === 'Success' || stepState === 'Failed' ? iso(end ?? nowMs) : null
    }
  })
  const detail = (target: string, own: typeof steps) => {
    const stateOf = own.some((s) => s.state === 'Failed')
      ? 'Failed'
      : own.every((s) => s.state === 'Success')
        ? 'Success'
        : own.every((s) => s.state === 'NotStarted')
          ? 'NotStarted'
          : 'InProgress'
    const lastCompleted = own.filter((s) => s.completeDateTimeInUtc !== null).pop()
    return {
      type: 'Submission', // the WorkflowDetail type values are undocumented [I]
      state: stateOf,
      targetEnvironment: target,
      workflowSteps: own,
      startDateTimeInUtc: own[0].startDateTimeInUtc,
      completeDateTimeInUtc:
        stateOf === 'Success' || stateOf === 'Failed'
          ? (lastCompleted?.completeDateTimeInUtc ?? null)
          : null
    }
  }
  return [detail('Preview', steps.slice(0, 3)), detail('Live', steps.slice(3))]
}

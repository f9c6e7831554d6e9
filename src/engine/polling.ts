import { sleep } from '../http/sleep.js'
import type { Progress } from '../progress.js'

/**
 * How often to look at something the service does on its own time (package processing,
 * certification). The interval grows, from seconds at first, when changes come quickly, to a
 * cap of seconds to a minute, so that a wait of hours costs a few hundred calls and not thousands.
 */
export interface PollingOptions {
  initialMs: number
  maxMs: number
  factor: number
}

const PACKAGE_POLLING: PollingOptions = { initialMs: 2_000, maxMs: 15_000, factor: 1.5 }
/**
 * Capped at 25 s: a state change of the submission is noticed within 30 s (issue 16), with 5 s
 * left for the time a poll itself takes and for timers firing late on a busy runner. The
 * growing interval is used until the preview is ready and when the workflow steps say nothing
 * usable; the hours of certification are waited out with the step intervals below, so the
 * shorter cap costs a few calls per run, not hundreds (docs/benchmarks.md, benchmark 5).
 */
export const SUBMISSION_POLLING: PollingOptions = { initialMs: 5_000, maxMs: 25_000, factor: 1.5 }

/**
 * The fixed intervals of a promoted submission's wait, chosen from its workflow steps instead of
 * the growing interval (see `nextSubmissionRead`).
 */
export interface StepIntervals {
  /**
   * While certification runs (hours to days, and its end changes nothing on the submission):
   * one workflowdetails read this often. It must stay shorter than the Publish step that follows
   * (5 minutes in the emulator, unmeasured on the real service) for Publish to be seen while it
   * runs; a shorter Publish is still seen, only later.
   */
  longStepMs: number
  /** Once the Publish step shows, InStore is next: one submission read this often. */
  nearChangeMs: number
}

/** Every interval a run polls with. */
export interface Polling {
  package: PollingOptions
  submission: PollingOptions
  steps: StepIntervals
}

export const DEFAULT_POLLING: Polling = {
  package: PACKAGE_POLLING,
  submission: SUBMISSION_POLLING,
  steps: { longStepMs: 240_000, nearChangeMs: 25_000 }
}

export interface PollOutcome<T> {
  value: T
  /** The deadline came before `done` was true; `value` is the last state seen. */
  timedOut: boolean
  polls: number
}

/** What `pollUntil` reads, until when, and how often. */
export interface PollOptions<T> {
  /** Gets the value the last read returned, so that what to read can depend on what was seen. */
  read: (previous: T | undefined) => Promise<T>
  done: (value: T) => boolean
  interval: PollingOptions
  /**
   * The wait after `value` when what it shows calls for a fixed one (a step known to take
   * hours, a change known to be near); undefined keeps the growing interval.
   */
  nextIntervalMs?: (value: T) => number | undefined
  deadline: number
  signal?: AbortSignal
  onChange?: (value: T, previous: T | undefined) => void
  key?: (value: T) => string
  /** Reports the wait (ms waited, and `key` of each value read) as `label`, when it can last. */
  progress?: { to?: Progress; label: string }
}

/**
 * Reads until `done` says so or the deadline passes. A deadline of `Date.now()` or earlier
 * still reads once, so the caller always gets the current state.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<PollOutcome<T>> {
  const startedAt = Date.now()
  const { progress, deadline } = options
  const task = deadline > startedAt ? progress?.to?.wait(progress.label, deadline) : undefined
  if (!task) return pollLoop(options)
  const key = options.key ?? ((value: T) => JSON.stringify(value))
  const read = async (previous: T | undefined): Promise<T> => {
    const value = await options.read(previous)
    task.update(Date.now() - startedAt, key(value))
    return value
  }
  try {
    return await pollLoop({ ...options, read })
  } finally {
    task.end()
  }
}

async function pollLoop<T>(options: PollOptions<T>): Promise<PollOutcome<T>> {
  const { read, done, interval, deadline, signal, onChange } = options
  const key = options.key ?? ((value: T) => JSON.stringify(value))
  let wait = interval.initialMs
  let previous: T | undefined
  for (let polls = 1; ; polls++) {
    const value = await read(previous)
    if (previous === undefined || key(value) !== key(previous)) {
      onChange?.(value, previous)
      // Something moved: look again soon, since changes tend to come in runs.
      if (previous !== undefined) wait = interval.initialMs
    }
    previous = value
    if (done(value)) return { value, timedOut: false, polls }
    const left = deadline - Date.now()
    if (left <= 0) return { value, timedOut: true, polls }
    const fixed = options.nextIntervalMs?.(value)
    await sleep(Math.min(fixed ?? wait, left), signal)
    // The growing interval grows only while it is the one in use.
    if (fixed === undefined) wait = Math.min(interval.maxMs, wait * interval.factor)
  }
}

import { sleep } from '../http/sleep.js'

/**
 * How often to look at something the service does on its own time (package processing,
 * certification). The interval grows, from seconds at first, when changes come quickly, to about
 * a minute, so that a wait of hours costs a few hundred calls and not thousands.
 */
export interface PollingOptions {
  initialMs: number
  maxMs: number
  factor: number
}

export const PACKAGE_POLLING: PollingOptions = { initialMs: 2_000, maxMs: 15_000, factor: 1.5 }
export const SUBMISSION_POLLING: PollingOptions = { initialMs: 5_000, maxMs: 60_000, factor: 1.5 }

export interface PollOutcome<T> {
  value: T
  /** The deadline came before `done` was true; `value` is the last state seen. */
  timedOut: boolean
  polls: number
}

/**
 * Reads until `done` says so or the deadline passes. A deadline of `Date.now()` or earlier
 * still reads once, so the caller always gets the current state.
 */
export async function pollUntil<T>(options: {
  read: () => Promise<T>
  done: (value: T) => boolean
  interval: PollingOptions
  deadline: number
  signal?: AbortSignal
  onChange?: (value: T, previous: T | undefined) => void
  key?: (value: T) => string
}): Promise<PollOutcome<T>> {
  const { read, done, interval, deadline, signal, onChange } = options
  const key = options.key ?? ((value: T) => JSON.stringify(value))
  let wait = interval.initialMs
  let previous: T | undefined
  for (let polls = 1; ; polls++) {
    const value = await read()
    if (previous === undefined || key(value) !== key(previous)) {
      onChange?.(value, previous)
      // Something moved: look again soon, since changes tend to come in runs.
      if (previous !== undefined) wait = interval.initialMs
    }
    previous = value
    if (done(value)) return { value, timedOut: false, polls }
    const left = deadline - Date.now()
    if (left <= 0) return { value, timedOut: true, polls }
    await sleep(Math.min(wait, left), signal)
    wait = Math.min(interval.maxMs, wait * interval.factor)
  }
}

import { DEFAULT_POLLING, type Polling } from '../engine/polling.js'

/**
 * Polling intervals, shortened by `PARTNER_CENTER_POLL_MS=<initial>[,<max>]` for the demo, the
 * end-to-end tests and the benchmarks, which run against the emulator's fast clock and cannot
 * wait minutes between polls. The growing intervals go from <initial> to <max> ms (default
 * <initial>); the fixed intervals of a promoted submission's wait (4 minutes while certification
 * runs, 25 s once Publish shows) are scaled by <max> / 25 s, the ratio of the submission cap, so
 * `<5000 / s>,<25000 / s>` runs the whole schedule s times as fast. Not an input: against the
 * real service, shorter polls only spend quota.
 */
export function pollingFromEnvironment(environment: NodeJS.ProcessEnv): Polling {
  const override = environment.PARTNER_CENTER_POLL_MS?.trim()
  if (!override) return DEFAULT_POLLING
  const [initial, max] = override.split(',').map(Number)
  if (!(initial > 0))
    throw new Error(`PARTNER_CENTER_POLL_MS must be "<initial ms>[,<max ms>]", not "${override}".`)
  const options = { initialMs: initial, maxMs: max > 0 ? max : initial, factor: 1.5 }
  const scale = options.maxMs / DEFAULT_POLLING.submission.maxMs
  const { longStepMs, nearChangeMs } = DEFAULT_POLLING.steps
  return {
    package: options,
    submission: options,
    steps: { longStepMs: longStepMs * scale, nearChangeMs: nearChangeMs * scale }
  }
}

/**
 * The upload stall limit (ms), shortened by `PARTNER_CENTER_UPLOAD_STALL_MS=<ms>` for the
 * end-to-end tests, which cannot wait the default 5 minutes for a hung upload. Undefined: the
 * upload's default. Not an input, for the same reason as PARTNER_CENTER_POLL_MS.
 */
export function uploadStallFromEnvironment(environment: NodeJS.ProcessEnv): number | undefined {
  const text = environment.PARTNER_CENTER_UPLOAD_STALL_MS?.trim()
  if (!text) return undefined
  const value = Number(text)
  if (!(value > 0))
    throw new Error(`PARTNER_CENTER_UPLOAD_STALL_MS must be a number of ms, not "${text}".`)
  return value
}

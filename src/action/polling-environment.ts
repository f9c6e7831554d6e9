import { PACKAGE_POLLING, SUBMISSION_POLLING, type PollingOptions } from '../publish/polling.js'

/**
 * Polling intervals, shortened by `PARTNER_CENTER_POLL_MS=<initial>[,<max>]` for the demo and
 * the end-to-end tests, which run against the emulator and cannot wait minutes between polls.
 * Not an input: against the real service, shorter polls only spend quota.
 */
export function pollingFromEnvironment(environment: NodeJS.ProcessEnv): {
  package: PollingOptions
  submission: PollingOptions
} {
  const override = environment.PARTNER_CENTER_POLL_MS?.trim()
  if (!override) return { package: PACKAGE_POLLING, submission: SUBMISSION_POLLING }
  const [initial, max] = override.split(',').map(Number)
  if (!(initial > 0))
    throw new Error(`PARTNER_CENTER_POLL_MS must be "<initial ms>[,<max ms>]", not "${override}".`)
  const options = { initialMs: initial, maxMs: max > 0 ? max : initial, factor: 1.5 }
  return { package: options, submission: options }
}

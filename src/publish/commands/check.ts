import { planAndCheckPackages } from '../check-packages.js'
import type { RunRequest } from '../request.js'
import type { RunResult } from '../result.js'
import type { Services } from '../services.js'

/**
 * check: the package checks and the pre-flight of every plan's package, and nothing else: no
 * sign-in, no network. For pull-request workflows, where forks get no secrets.
 */
export async function check(
  request: RunRequest,
  services: Services,
  run: RunResult
): Promise<void> {
  await planAndCheckPackages(request, services, run)
  run.status = 'checked'
  run.notes.push('Checked only: nothing was read from or sent to Partner Center.')
}

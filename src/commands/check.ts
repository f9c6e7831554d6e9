import { planAndCheckPackages } from '../engine/check/packages.js'
import type { EngineContext } from '../engine/context.js'

/**
 * check: the package checks and the pre-flight of every plan's package, and nothing else: no
 * sign-in, no network. For pull-request workflows, where forks get no secrets.
 */
export async function runCheck(context: EngineContext): Promise<void> {
  // Pull requests have no release tag: a version is not needed to check the packages.
  await planAndCheckPackages(context, { versionRequired: false })
  context.recorder.status('checked')
  context.recorder.note('Checked only: nothing was read from or sent to Partner Center.')
}

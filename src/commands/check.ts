import { planAndCheckPackages } from '../engine/check/packages.js'
import type { CommandDescriptor } from './command.js'

/**
 * check: the package checks and the pre-flight of every plan's package, and nothing else: no
 * sign-in, no network. For pull-request workflows, where forks get no secrets.
 */
export const check: CommandDescriptor = {
  name: 'check',
  manifest: 'required',
  uploads: false,
  takesTarget: false,
  signsIn: false,
  title: () => 'check',
  example: {
    flags: ['--manifest', 'offers/contoso/marketplace.yml', '--preflight', 'warn'],
    does: "check one offer's packages; pre-flight findings as warnings"
  },
  run: async (context) => {
    // Pull requests have no release tag: a version is not needed to check the packages.
    await planAndCheckPackages(context, { versionRequired: false })
    context.recorder.status('checked')
    context.recorder.note('Checked only: nothing was read from or sent to Partner Center.')
  }
}

import * as core from '@actions/core'
import { inputsForSummary, readInputs } from '../inputs/read.js'
import type { Inputs } from '../inputs/table.js'
import { registerSecret } from './logger.js'
import { type InputName } from '../naming.js'

export { InputError } from '../inputs/input-error.js'

const PEM_ARMOUR = /^-----(BEGIN|END) [A-Z0-9 ]+-----$/

/** The raw text of an input as the runner passes it (INPUT_<NAME>); '' when not given. */
const actionInput = (name: string): string => core.getInput(name)

/**
 * The action's inputs (src/inputs/table.ts, read and checked by the same code as the CLI's
 * flags), after masking the credentials among them.
 * @throws InputError naming the input that cannot be used.
 */
export function readActionInputs(): Inputs {
  // Mask before anything else can print them (action-engineering.md §4.6).
  const clientSecret = actionInput('client-secret').trim()
  const clientCertificate = actionInput('client-certificate')
  if (clientSecret) registerSecret(clientSecret)
  // Line by line: the runner masks within one line. The armour lines are not secret, and
  // masking them would blank out the PEM labels that error messages quote.
  for (const line of clientCertificate.split(/\r?\n/).map((text) => text.trim()))
    if (line && !PEM_ARMOUR.test(line)) registerSecret(line)
  return readInputs(actionInput)
}

/** The inputs as given, for the job summary (secrets as `(set, not shown)`). */
export function actionInputsForSummary(): [name: InputName, value: string][] {
  return inputsForSummary(actionInput)
}

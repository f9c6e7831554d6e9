import { commandNamed, COMMAND_NAMES } from '../commands/index.js'
import { newRunResult, type RunResult } from '../engine/result.js'
import { checkRunFiles } from '../inputs/run-inputs.js'
import type { Inputs } from '../inputs/table.js'
import { startSignIn, type EarlySignIn } from './early-sign-in.js'
import type { ShellPorts } from './services.js'
import { suggestionsOf } from '../suggestions.js'

/** A run's end: its result, and the error that stopped it before the engine could record it. */
export interface RunOutcome {
  result: RunResult
  /** Inputs, manifest or credentials that could not be used, or the cancellation; else undefined. */
  caught: unknown
  /** The inputs, when they could be read. */
  inputs?: Inputs
}

/**
 * One run, the same for the action and the CLI: inputs → sign-in started, request (manifest)
 * read meanwhile → command.
 * Never throws: whatever fails lands in the result (status `failed`, the error) with everything
 * done before it, so the shell can still say what changed.
 * @param readInputs the shell's reading of its inputs (action inputs, CLI flags); throws InputError.
 * @param userAgent sent on every HTTP request.
 */
export async function runOnce(
  readInputs: () => Inputs,
  ports: ShellPorts,
  userAgent: string
): Promise<RunOutcome> {
  const { logger, signal, env } = ports
  let signIn: EarlySignIn | undefined
  let inputs: Inputs | undefined
  let result: RunResult
  let caught: unknown
  try {
    inputs = readInputs()
    const command = commandNamed(inputs.command)
    logger.info(
      `${inputs.command}${command.takesTarget ? ` to ${inputs.target}` : ''}` +
        `${inputs.dryRun ? ' (dry run)' : ''}: ` +
        // check and list talk to no endpoint: naming them would say they do.
        (command.signsIn
          ? `Partner Center API ${inputs.apiUrl}, Entra ID ${inputs.loginUrl}`
          : 'local checks only, no sign-in, no network')
    )
    const files = checkRunFiles(inputs, env.GITHUB_WORKSPACE)
    if (command.signsIn) {
      // The inputs are usable: the token request goes out now, and its round trip overlaps all
      // that follows (loading, the manifest, the packages' checks); see startSignIn.
      signIn = startSignIn(inputs, ports, userAgent)
    }
    // Loaded once the inputs are known to be usable: a run that fails on them, the quickest
    // failure a user sees, does not pay for the manifest reader, the engine or the clients.
    // The command's own module loads meanwhile, while the manifest is read, not after it; a
    // failure to load it is reported when the command runs.
    command.load().catch(() => undefined)
    const [{ buildRunRequest }, { runCommand }, services] = await Promise.all([
      import('../inputs/build-run-request.js'),
      import('../commands/run.js'),
      import('./services.js')
    ])
    const { engineServices, offlineServices } = services
    const request = await buildRunRequest(inputs, files, env.GITHUB_REF)
    if (signIn) {
      const { transport, tokens } = signIn
      result = await runCommand(request, engineServices(inputs, transport, tokens(), ports))
    } else {
      result = await runCommand(request, offlineServices(ports, inputs.command))
    }
  } catch (error) {
    // Only problems found before the engine starts land here: inputs, manifest, credentials.
    caught = error
    result = newRunResult(
      inputs?.command ?? COMMAND_NAMES[0],
      inputs?.dryRun ?? false,
      inputs?.target
    )
    result.offerId = inputs?.offerId
    result.status = 'failed'
    result.error = error instanceof Error ? error.message : String(error)
    // As the engine's recorder does: a script tells an input error from a sign-in error by it.
    if (error instanceof Error) result.errorName = error.name
    const suggestions = suggestionsOf(error)
    if (suggestions.length > 0) result.suggestions = suggestions
  } finally {
    signIn?.end()
  }
  if (signal.aborted) {
    caught = signal.reason
    result.status = 'failed'
    result.error = (signal.reason as Error).message
  }
  return { result, caught, inputs }
}

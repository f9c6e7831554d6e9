import { cancel } from './cancel.js'
import { check } from './check.js'
import type { CommandDescriptor } from './command.js'
import { exportOffer } from './export.js'
import { goLive } from './go-live.js'
import { list } from './list.js'
import { publish } from './publish.js'
import { status } from './status.js'

/**
 * Every command the action knows, the default first. A new command is its own file and one
 * entry here: the `command` input, its checks, dispatch and the action.yml test read this list.
 */
export const COMMANDS: readonly CommandDescriptor[] = [
  publish,
  status,
  goLive,
  cancel,
  check,
  exportOffer,
  list
]

/** The `command` input's allowed values. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((command) => command.name)

/** The descriptor of a command the input check has let through; throws for any other name. */
export function commandNamed(name: string): CommandDescriptor {
  const command = COMMANDS.find((candidate) => candidate.name === name)
  if (!command) throw new Error(`Unknown command "${name}"; known: ${COMMAND_NAMES.join(', ')}.`)
  return command
}

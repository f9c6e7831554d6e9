import { Command, CommanderError, Option } from 'commander'
import { ACTION_VERSION } from '../action/version.js'
import { COMMANDS } from '../commands/index.js'
import type { CommandDescriptor } from '../commands/command.js'
import { INPUTS, type InputDefinition } from '../inputs/table.js'
import { CLI_NAME, inCliTerms } from './wording.js'

export { CLI_NAME }

/** What the user asked for: a command, the flags given (by input name), and `--json`. */
export interface CliRequest {
  command: string
  /** Only the flags given on the command line, by input name; the rest take the table's defaults. */
  flags: Record<string, string | undefined>
  json: boolean
}

/** The flags that are the CLI's own, not inputs of the action. */
export const CLI_ONLY_FLAGS = ['json', 'help'] as const

/**
 * Each input's description in flags, translated once for every command that takes it: at each
 * start the CLI builds every command's flags, and translating 7 × 21 descriptions took ≈ 10 ms
 * of its start-up (issue 16, docs/benchmarks.md).
 */
const descriptionsInFlags = new Map<InputDefinition, string>()

/** A flag's option, made from its input's row: same name, default and description (in flags). */
export function inputOption(input: InputDefinition): Option {
  let description = descriptionsInFlags.get(input)
  if (description === undefined) {
    description = inCliTerms(input.description)
    descriptionsInFlags.set(input, description)
  }
  const option =
    input.key === 'dryRun'
      ? new Option(`--${input.name} [true|false]`, description).preset('true')
      : new Option(`--${input.name} <value>`, description)
  return input.default ? option.default(input.default) : option
}

/** The inputs a command takes as flags: those its row says it uses, the command itself aside. */
export function inputsOf(command: CommandDescriptor): InputDefinition[] {
  return INPUTS.filter((input) => input.key !== 'command' && input.usedBy(command))
}

/**
 * The command line, generated from the command descriptors and the inputs table: one subcommand
 * per command, one `--<input>` flag per input it uses, `--json`, and `--help` for each.
 * @param onRequest called with what was asked for when a subcommand's line parses.
 */
export function buildProgram(onRequest: (request: CliRequest) => void): Command {
  const program = new Command(CLI_NAME)
    .description(
      'Publish Azure Application offers to the Azure Marketplace through Partner Center: the ' +
        "GitHub Action's engine on the command line. Exit codes: 0 done, 1 failed, 2 usage error."
    )
    .version(ACTION_VERSION)
    // The program's own options only before the command: `publish --version 1.2.3` is the
    // version input, not the CLI's --version.
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError()
  for (const descriptor of COMMANDS) {
    const inputs = inputsOf(descriptor)
    const command = program
      .command(descriptor.name)
      .description(inCliTerms(commandDescription(descriptor.name)))
      .option('--json', 'print the result object as JSON on stdout (the log stays on stderr)')
      .addHelpText('after', exampleText(descriptor))
      .exitOverride()
    for (const input of inputs) command.addOption(inputOption(input))
    command.action((options: Record<string, unknown>) => {
      const flags: Record<string, string | undefined> = {}
      for (const input of inputs) {
        const key = inputOption(input).attributeName()
        if (command.getOptionValueSource(key) === 'cli') flags[input.name] = String(options[key])
      }
      onRequest({ command: descriptor.name, flags, json: options.json === true })
    })
  }
  return program
}

/** The `--help` text's closing example: `Example (what it does):` and the command line. */
export function exampleText({ name, example }: CommandDescriptor): string {
  return `\nExample (${example.does}):\n  $ ${CLI_NAME} ${name} ${example.flags.join(' ')}\n`
}

/** The command input's description, cut to this command's part: `publish (upload, …)`. */
function commandDescription(name: string): string {
  const all = INPUTS.find((input) => input.key === 'command')!.description
  const start = all.indexOf(`${name} (`)
  if (start < 0) return name
  let depth = 0
  for (let index = start + name.length + 1; index < all.length; index++) {
    if (all[index] === '(') depth++
    if (all[index] === ')' && --depth === 0) return all.slice(start, index + 1)
  }
  return name
}

/** Whether a commander error is `--help` or `--version`, which end well (exit code 0). */
export function isInformational(error: unknown): boolean {
  return error instanceof CommanderError && error.exitCode === 0
}

import { Command, CommanderError, Option } from 'commander'
import { ACTION_VERSION } from '../action/version.js'
import { boundText, neutraliseLines } from '../boundary/log-text.js'
import { COMMANDS } from '../commands/index.js'
import type { CommandDescriptor } from '../commands/command.js'
import { describeInput, INPUTS, type InputDefinition } from '../inputs/table.js'
import { CLI_NAME, CLI_NAMING } from './naming.js'

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

/** A flag's option, made from its input's row: same name, default and description (in the CLI's words). */
export function inputOption(input: InputDefinition): Option {
  const description = describeInput(input, CLI_NAMING)
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
        "GitHub Action's engine on the command line."
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .version(ACTION_VERSION)
    // The program's own options only before the command: `publish --version 1.2.3` is the
    // version input, not the CLI's --version.
    .enablePositionalOptions()
    .exitOverride()
    // Commander quotes an unknown `--flag=value` whole: a secret given to the wrong flag or
    // command would reach the log (and, with --json, stdout). Its value is cut from the text.
    .configureOutput({ outputError: (text, write) => write(usageErrorText(text)) })
    .showHelpAfterError()
  for (const descriptor of COMMANDS) {
    const inputs = inputsOf(descriptor)
    const command = program
      .command(descriptor.name)
      .description(commandDescription(descriptor.name))
      .option('--json', 'print the result object as JSON on stdout (the log stays on stderr)')
      .addHelpText('after', exampleText(descriptor) + EXIT_CODES_HELP)
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

/** The exit codes, as `--help` lists them (src/cli/main.ts's EXIT). */
export const EXIT_CODES_HELP = `
Exit codes:
  0    done
  1    failed (Partner Center, sign-in, a manifest that is wrong, a package the checks refuse)
  2    usage error: an unknown flag, a flag without its value, a value the flag refuses, or
       nothing where a flag points (no manifest at --manifest, none matching --manifests)
  130  interrupted by Ctrl-C (SIGINT), 143 stopped by SIGTERM: what was done is reported first
`

/** The `--help` text's closing example: `Example (what it does):` and the command line. */
export function exampleText({ name, example }: CommandDescriptor): string {
  return `\nExample (${example.does}):\n  $ ${CLI_NAME} ${name} ${example.flags.join(' ')}\n`
}

/** The command input's description, cut to this command's part: `publish (upload, …)`. */
function commandDescription(name: string): string {
  const all = describeInput(
    INPUTS.find((input) => input.key === 'command')!,
    CLI_NAMING
  )
  const start = all.indexOf(`${name} (`)
  if (start < 0) return name
  let depth = 0
  for (let index = start + name.length + 1; index < all.length; index++) {
    if (all[index] === '(') depth++
    if (all[index] === ')' && --depth === 0) return all.slice(start, index + 1)
  }
  return name
}

/**
 * Commander's error text as it may leave (stderr, and stdout with --json): it quotes the user's
 * command line, so it crosses the same boundary as any text: control characters neutralised,
 * length bounded, and the value of every quoted `--flag=value` replaced by `***` (the flag may
 * be unknown to this command, `--client-secret=…` on `check`, or misspelt).
 */
export function usageErrorText(text: string): string {
  const cut = text.replace(/('-{1,2}[^'=\s]+)=[^']*'/g, "$1=***'")
  return boundText(neutraliseLines(cut))
}

/** Whether a commander error is `--help` or `--version`, which end well (exit code 0). */
export function isInformational(error: unknown): boolean {
  return error instanceof CommanderError && error.exitCode === 0
}

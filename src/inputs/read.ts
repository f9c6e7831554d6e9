import { commandNamed } from '../commands/index.js'
import { withoutUserinfo } from '../boundary/urls.js'
import { InputError } from './input-error.js'
import { INPUTS, type Inputs } from './table.js'
import { commandLine, input, setting, words, type InputName } from '../naming.js'

/** Reads one input's raw text by its name: the action's core.getInput, the CLI's parsed flags. */
export type InputSource = (name: string) => string | undefined

/**
 * Every input of INPUTS through its parser: the command first (which inputs are required depends
 * on whether it signs in; `appOptional`: not even then), then the rest, each empty one taking its default, then the checks
 * across inputs.
 * @throws InputError naming the first input that cannot be used and what to give instead.
 */
export function readInputs(source: InputSource, options: { appOptional?: boolean } = {}): Inputs {
  const raw = (name: string): string => {
    const definition = INPUTS.find((input) => input.name === name)!
    return source(name)?.trim() || definition.default
  }
  const command = INPUTS.find((input) => input.key === 'command')!
  const { signsIn } = commandNamed(
    command.parse(raw(command.name), { name: command.name, identityRequired: false }) as string
  )
  // The CLI may sign in as the Azure CLI's account instead of an app registration.
  const identityRequired = signsIn && !options.appOptional
  const values: Record<string, unknown> = {}
  for (const input of INPUTS)
    values[input.key] = input.parse(raw(input.name), { name: input.name, identityRequired })
  const inputs = values as unknown as Inputs
  if (
    commandNamed(inputs.command).takesTarget &&
    inputs.target === 'live' &&
    inputs.waitTimeoutMinutes === 0 &&
    !inputs.dryRun
  ) {
    throw new InputError(
      `${setting('target', 'live')} waits for the preview to be ready and then for certification, ` +
        `which takes hours: set ${input('wait-timeout')} (${words().minutes}), or publish to preview ` +
        `and promote later with ${commandLine('go-live')}.`,
      'target',
      [{ command: 'go-live' }]
    )
  }
  return inputs
}

/**
 * The inputs as given, for the summary: the non-empty ones, as written (so an input error shows the value it is about), secrets as `(set, not shown)` only.
 */
export function inputsForSummary(source: InputSource): [name: InputName, value: string][] {
  return INPUTS.flatMap((input): [InputName, string][] => {
    const value = source(input.name)?.trim()
    if (!value) return []
    return [[input.name, input.secret ? '(set, not shown)' : withoutUserinfo(value)]]
  })
}

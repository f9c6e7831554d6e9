import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import {
  buildProgram,
  CLI_ONLY_FLAGS,
  exampleText,
  type CliRequest
} from '../../../src/cli/program.js'
import { CLI_NAMING } from '../../../src/cli/naming.js'
import { COMMAND_NAMES, COMMANDS } from '../../../src/commands/index.js'
import { readInputs } from '../../../src/inputs/read.js'
import { describeInput, INPUTS } from '../../../src/inputs/table.js'

const action = parse(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>
}
const program = buildProgram(() => undefined)
const subcommands = program.commands

/** Every flag of every subcommand: name → the defaults and descriptions it has (one each, if equal). */
const flags = new Map<string, { defaults: Set<string>; descriptions: Set<string> }>()
for (const command of subcommands) {
  for (const option of command.options) {
    const name = option.long!.replace(/^--/, '')
    const entry = flags.get(name) ?? { defaults: new Set(), descriptions: new Set() }
    entry.defaults.add(String(option.defaultValue ?? ''))
    entry.descriptions.add(option.description)
    flags.set(name, entry)
  }
}

describe("the CLI's flags and the action's inputs agree", () => {
  it('the command input is the subcommand, with the same values and default', () => {
    expect(subcommands.map((command) => command.name())).toEqual(COMMAND_NAMES)
    expect(action.inputs.command.default).toBe(subcommands[0].name())
  })

  it.each(Object.keys(action.inputs).filter((name) => name !== 'command'))(
    'input %s is a flag with the same default and description (in the CLI’s words)',
    (name) => {
      const flag = flags.get(name)
      expect(flag).toBeDefined()
      expect([...flag!.defaults]).toEqual([action.inputs[name].default ?? ''])
      // One text in each shell's words: the same where it names no setting and no workflow.
      const definition = INPUTS.find((input) => input.name === name)!
      expect([...flag!.descriptions]).toEqual([describeInput(definition, CLI_NAMING)])
      // and the action's is action.yml's.
      expect(describeInput(definition)).toBe(action.inputs[name].description)
    }
  )

  it('every flag but the CLI’s own is an input of the action', () => {
    const own: readonly string[] = CLI_ONLY_FLAGS
    expect([...flags.keys()].filter((name) => !own.includes(name) && !action.inputs[name])).toEqual(
      []
    )
  })

  it('check and list take no sign-in flags; publish takes them all', () => {
    const names = (command: string) =>
      subcommands
        .find((candidate) => candidate.name() === command)!
        .options.map((option) => option.long)
    expect(names('check')).not.toContain('--client-id')
    expect(names('list')).toEqual(['--json', '--manifests'])
    expect(names('publish')).toEqual(
      expect.arrayContaining(['--client-id', '--target', '--dry-run'])
    )
  })

  it('--tenant-id and --client-id: not needed with `az login`, not "for check", which has neither', () => {
    for (const name of ['tenant-id', 'client-id']) {
      const [description] = [...flags.get(name)!.descriptions]
      expect(description).toMatch(
        /Not needed to sign in as the Azure CLI’s account \(`az login`\)\.$/
      )
      expect(description).not.toMatch(/check/)
    }
  })

  it('a command’s --version is the version input, not the CLI’s own version', async () => {
    let asked: CliRequest | undefined
    await buildProgram((request) => (asked = request)).parseAsync(
      ['publish', '--version', '2.0.0', '--dry-run'],
      { from: 'user' }
    )
    expect(asked).toEqual({
      command: 'publish',
      flags: { version: '2.0.0', 'dry-run': 'true' },
      json: false
    })
  })

  it.each(COMMANDS.map((command) => [command.name, command] as const))(
    '%s --help ends with its example, whose flags the command takes and accepts',
    async (name, descriptor) => {
      expect(exampleText(descriptor)).toContain(
        `$ partner-center-publish ${name} ${descriptor.example.flags.join(' ')}`
      )
      let asked: CliRequest | undefined
      await buildProgram((request) => (asked = request)).parseAsync(
        [name, ...descriptor.example.flags],
        { from: 'user' }
      )
      expect(asked?.command).toBe(name)
      const flags = asked!.flags
      expect(() =>
        readInputs((input) => (input === 'command' ? name : flags[input]), { appOptional: true })
      ).not.toThrow()
    }
  )
})

import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { actionInputsForSummary as inputsForSummary } from '../../../src/action/inputs.js'
import { COMMANDS } from '../../../src/commands/index.js'
import { describeInput, INPUTS } from '../../../src/inputs/table.js'
import { RUN_STATUSES } from '../../../src/engine/result.js'

const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8')
const action = parse(read('action.yml')) as {
  inputs: Record<string, { default?: string; description: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}
const readme = read('README.md')
/** A row of a README table (Prettier pads the cells). */
const row = (name: string) => new RegExp(`^\\| \`${name}\` +\\|`, 'm')

describe('action.yml, the code and the README agree', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it.each(Object.keys(action.inputs))(
    'input %s is in the inputs table with its default and description, and documented',
    (name) => {
      const definition = INPUTS.find((input) => input.name === name)!
      expect(definition.default).toBe(action.inputs[name].default ?? '')
      expect(describeInput(definition)).toBe(action.inputs[name].description)
      expect(readme).toMatch(row(name))
    }
  )

  it("the README has one Inputs section, whose table lists every input once, in action.yml's order", () => {
    const sections = readme.split(/^## Inputs\n/m)
    expect(sections).toHaveLength(2)
    const table = sections[1].split(/^## /m)[0]
    const listed = [...table.matchAll(/^\| `([a-z-]+)` +\|/gm)].map(([, name]) => name)
    expect(listed).toEqual(Object.keys(action.inputs))
  })

  it('the inputs table has no input action.yml lacks', () => {
    expect(INPUTS.map((input) => input.name)).toEqual(Object.keys(action.inputs))
  })

  it.each(Object.keys(action.inputs))("input %s, when set, is in the summary's inputs", (name) => {
    const key = `INPUT_${name.toUpperCase()}`
    process.env[key] = 'x'
    try {
      expect(inputsForSummary().map(([shown]) => shown)).toEqual([name])
    } finally {
      delete process.env[key]
    }
  })

  it.each(RUN_STATUSES)('status %s is listed in action.yml and the README', (status) => {
    const described = (action.outputs.status as { description: string }).description
    expect(described).toMatch(new RegExp(`\\b${status}\\b`))
    expect(readme).toContain(`\`${status}\``)
  })

  it('every PARTNER_CENTER_* environment variable the action reads is in the README', () => {
    const source = read('src/shell/polling-environment.ts') + read('src/shell/services.ts')
    const variables = new Set(source.match(/\bPARTNER_CENTER_[A-Z_]+/g))
    expect(variables.size).toBeGreaterThan(0)
    for (const variable of variables) expect(readme).toContain(`\`${variable}=`)
  })

  it('the command input defaults to the first command of the list', () => {
    expect(action.inputs.command.default).toBe(COMMANDS[0].name)
  })

  it.each(COMMANDS.map((command) => command.name))(
    'command %s is described in action.yml and the README',
    (name) => {
      expect(action.inputs.command.description).toMatch(new RegExp(`(^|\\s)${name} \\(`))
      expect(readme).toContain(`\`${name}\``)
    }
  )

  it.each(COMMANDS.filter((command) => command.takesTarget).map((command) => command.name))(
    'the target input names command %s, which takes it',
    (name) => {
      expect(action.inputs.target.description).toMatch(new RegExp(`\\b${name}\\b`, 'i'))
    }
  )

  it.each(Object.keys(action.outputs))('output %s is set and documented', (name) => {
    expect(read('src/action/outputs.ts')).toContain(`core.setOutput('${name}'`)
    expect(readme).toMatch(row(name))
  })
})

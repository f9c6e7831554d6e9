import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { CLI_ENTRY, emulatorFlags, runCli } from '../../scripts/run-cli.js'
import { startHarness, type Harness } from './harness.js'

// The CLI's text summary shows what a run changed or would change, as the job summary does: the
// plan's rows per offer part and, for a long text, the diff itself (which the job summary folds
// under its title). Plain text off a terminal; colour only on one, and never with NO_COLOR.

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
  await harness.write(
    'marketplace.yml',
    [
      'offer: contoso-app',
      'listing:',
      '  en-us:',
      '    summary: Contoso on Azure, in minutes.',
      '    description: |-',
      '      <p>Contoso App deploys a web app and its database.</p>',
      '      <p>Now with backups.</p>'
    ].join('\n')
  )
})
afterEach(async () => {
  await harness.close()
})

const dryRunArgs = () => ['publish', '--dry-run', ...emulatorFlags(harness.emulator.url)]

describe('the text summary of a dry run', () => {
  it('lists each change and shows a long text’s diff line by line, in plain text', async () => {
    const run = await runCli(dryRunArgs(), { cwd: harness.workspace })
    expect(run.exitCode).toBe(0)
    const text = run.stdout
    // The plan: one row per change, with the offer part it is in.
    expect(text).toMatch(/^Change +Module +Offer or plan +Field +From +To +Writes$/m)
    expect(text).toMatch(/^update-field +Listing +contoso-app +en-us\.summary +.+→?/m)
    // The diff under its title, each line as the diff has it, indented.
    expect(text).toMatch(/^▸ Listing · contoso-app · en-us\.description: diff$/m)
    expect(text).toMatch(/^ {4}--- .*\n {4}\+\+\+ .*\n {4}@@ .* @@$/m)
    expect(text).toMatch(/^ {4}\+<p>Now with backups\.<\/p>$/m)
    expect(text).toMatch(/^ {4}[ -]<p>Contoso App deploys/m)
    // Not the HTML it was rendered from, and no colour in a pipe.
    expect(text).not.toMatch(/<pre>|<br>|&#\d+;/)
    expect(text).not.toContain('\u001b')
    // --json is the result object, its diff as the engine made it.
    const json = await runCli([...dryRunArgs(), '--json'], { cwd: harness.workspace })
    const result = JSON.parse(json.stdout) as { changes: { field?: string; diff?: string }[] }
    const description = result.changes.find((change) => change.field === 'en-us.description')
    expect(description?.diff).toContain('\n+<p>Now with backups.</p>')
  })
})

// Without util-linux `script` there is no terminal to give it: the check is skipped, by name.
const haveScript = spawnSync('script', ['--version']).status === 0
const describeOnTerminal = haveScript ? describe : describe.skip

describeOnTerminal(
  `the text summary on a pseudo-terminal${haveScript ? '' : ' (SKIPPED: no script)'}`,
  () => {
    it('colours added lines green, removed red, headings bold; nothing with NO_COLOR', async () => {
      const run = (env: Record<string, string>) => {
        const command = [process.execPath, CLI_ENTRY, ...dryRunArgs()].join(' ')
        const child = spawn('script', ['-qfec', command, '/dev/null'], {
          cwd: harness.workspace,
          env: { PATH: process.env.PATH ?? '', HOME: harness.workspace, ...env },
          stdio: ['ignore', 'pipe', 'ignore']
        })
        let out = ''
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
        return new Promise<string>((resolve) => child.on('close', () => resolve(out)))
      }
      const coloured = await run({})
      expect(coloured).toContain('\u001b[32m    +<p>Now with backups.</p>\u001b[39m')
      expect(coloured).toContain('\u001b[1mPlan\u001b[22m')
      const plain = await run({ NO_COLOR: '1' })
      expect(plain).toContain('    +<p>Now with backups.</p>')
      expect(plain).not.toContain('\u001b')
    })
  }
)

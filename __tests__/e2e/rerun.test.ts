/**
 * Re-runs at every stage of a submission make no write where nothing differs, and report the
 * submission there is with its true state (issue 9). The emulator records every request, so
 * "no write" is checked on what reached it, not on what the action says.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { SAMPLE, type EmulatorOptions } from '../../emulator/index.js'
import type { ActionRun } from '../../scripts/run-action.js'
import {
  expectNothingLeftBehind,
  offerBefore,
  resultOf,
  startHarness,
  VALID_PACKAGE,
  writeRequests,
  type Harness
} from './harness.js'

let harness: Harness | undefined
async function harnessWith(options: EmulatorOptions = {}): Promise<Harness> {
  harness = await startHarness(options)
  return harness
}
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** Runs the action and returns the write requests that reached the emulator during that run. */
async function runCountingWrites(
  h: Harness,
  inputs: Record<string, string> = {}
): Promise<{ run: ActionRun; writes: string[] }> {
  const before = writeRequests(h.emulator).length
  const run = await h.run(inputs)
  return { run, writes: writeRequests(h.emulator).slice(before) }
}

/**
 * Runs the action again once per inputs: each run must succeed with no write, report `status`
 * and name the submission `submissionId`; and the action must still have made only one.
 */
async function expectRerunsWriteNothing(
  h: Harness,
  reruns: Record<string, string>[],
  expected: { status: string; submissionId: string }
): Promise<ActionRun[]> {
  const runs: ActionRun[] = []
  for (const inputs of reruns) {
    const { run, writes } = await runCountingWrites(h, inputs)
    expect(run.exitCode).toBe(0)
    expect(writes).toEqual([])
    expect(run.outputs.status).toBe(expected.status)
    expect(run.outputs['submission-id']).toBe(expected.submissionId)
    runs.push(run)
  }
  expect(createdSubmissions(h)).toHaveLength(expected.submissionId ? 1 : 0)
  return runs
}

/** Submissions the action created (the sample offer also has a live one from before). */
const createdSubmissions = (h: Harness) =>
  writeRequests(h.emulator).filter((write) => /^POST \S+\/submissions$/.test(write))

describe('a re-run where nothing differs writes nothing', () => {
  it('after the draft update (target draft): status unchanged, no submission', async () => {
    const h = await harnessWith()
    const first = await h.run({ target: 'draft' })
    expect(first.outputs.status).toBe('draft-updated')
    const [run] = await expectRerunsWriteNothing(h, [{ target: 'draft' }], {
      status: 'unchanged',
      submissionId: ''
    })
    expect(run.summary).toContain('Nothing was changed in Partner Center')
  })

  it('with its packages beyond the first page of the package list: the packages created ahead are deleted, nothing is left behind', async () => {
    const h = await harnessWith()
    // An earlier release sits on the first page (page size 2), so the re-run does not see its
    // own packages there and creates them ahead before the configurations show them bound.
    h.emulator.scenario.history(SAMPLE.offerId, 1)
    expect((await h.run({ target: 'draft' })).outputs.status).toBe('draft-updated')
    const before = offerBefore(h.emulator)
    const run = await h.run({ target: 'draft' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('unchanged')
    expectNothingLeftBehind(run, h.emulator, before)
    expect(writeRequests(h.emulator).slice(before.writes)).toHaveLength(8)
  })

  it('during validation: follows the submission in progress, status submitted', async () => {
    const h = await harnessWith({ timings: { validation: 360_000 } })
    const first = await h.run()
    expect(first.outputs.status).toBe('submitted')
    await expectRerunsWriteNothing(h, [{}], {
      status: 'submitted',
      submissionId: first.outputs['submission-id']
    })
  })

  it('at preview-ready: reports the ready preview, status preview-ready', async () => {
    const h = await harnessWith()
    const first = await h.run({ 'wait-timeout': '5' })
    expect(first.outputs.status).toBe('preview-ready')
    await expectRerunsWriteNothing(h, [{}, { 'wait-timeout': '5' }], {
      status: 'preview-ready',
      submissionId: first.outputs['submission-id']
    })
  })

  it('during publishing: neither submits nor promotes again, status publishing', async () => {
    // Certification slow enough that the submission is still being published when the re-run waits.
    const h = await harnessWith({ timings: { certification: 360_000 } })
    const first = await h.run({ 'wait-timeout': '5' })
    const promoted = await h.run({ command: 'go-live' })
    expect(promoted.outputs.status).toBe('publishing')
    await expectRerunsWriteNothing(
      h,
      [{ target: 'live', 'wait-timeout': '0.02' }, { target: 'preview' }],
      { status: 'publishing', submissionId: first.outputs['submission-id'] }
    )
  })

  it('after live: target live and target preview both report live', async () => {
    const h = await harnessWith()
    const first = await h.run({ target: 'live', 'wait-timeout': '5' })
    expect(first.outputs.status).toBe('live')
    const runs = await expectRerunsWriteNothing(
      h,
      [{ target: 'live', 'wait-timeout': '5' }, { target: 'preview' }],
      { status: 'live', submissionId: first.outputs['submission-id'] }
    )
    for (const run of runs) expect(run.summary).toContain('no new submission was made')
  })
})

describe('a re-run that only needs the next step', () => {
  it('preview-ready + target live: promotes the existing submission instead of submitting again', async () => {
    const h = await harnessWith()
    const first = await h.run({ 'wait-timeout': '5' })
    expect(first.outputs.status).toBe('preview-ready')
    const { run, writes } = await runCountingWrites(h, { target: 'live', 'wait-timeout': '5' })
    expect(run.exitCode).toBe(0)
    expect(writes).toEqual([
      `POST /v1.0/ingestion/products/${run.outputs['product-id']}/submissions/${first.outputs['submission-id']}/promote`
    ])
    expect(run.outputs.status).toBe('live')
    expect(run.outputs['submission-id']).toBe(first.outputs['submission-id'])
    expect(run.summary).toContain(`Promoted submission ${first.outputs['submission-id']}`)
    expect(run.stdout).toContain('no new submission was made; this run promotes it to live')
  })
})

describe('refused, leaving nothing behind', () => {
  it('a version equal to the current one, for a different package: names both and how to raise it', async () => {
    const h = await harnessWith()
    expect((await h.run({ target: 'draft' })).outputs.status).toBe('draft-updated')
    await h.write('build/standard.zip', [
      ...VALID_PACKAGE,
      { name: 'nested/changed.json', data: '{"changed":true}' }
    ])
    const before = offerBefore(h.emulator)
    const run = await h.run()
    expect(run.exitCode).toBe(1)
    // Packages created while the configurations were read are deleted again.
    expectNothingLeftBehind(run, h.emulator, before)
    expect(run.stdout).toMatch(
      /::error::Plan standard: version 1\.2\.3 equals its current version 1\.2\.3.*raise the version .*1\.2\.4/
    )
  })

  it('a v-prefixed version: the input and the manifest give the same refusal', async () => {
    const h = await harnessWith()
    const hint = 'must be three numbers like "1.2.3", not "v1.2.4". Write 1.2.4, without the "v"'
    const input = await h.run({ version: 'v1.2.4' })
    expect(input.exitCode).toBe(1)
    expect(input.stdout).toContain(`::error::Input version ${hint}`)
    await h.write(
      'marketplace.yml',
      "offer: contoso-app\nversion: 'v1.2.4'\nplans:\n  - id: standard\n    package: build/standard.zip\n"
    )
    const manifest = await h.run()
    expect(manifest.exitCode).toBe(1)
    expect(manifest.stdout).toContain(`version ${hint}`)
    expect(writeRequests(h.emulator)).toEqual([])
  })
})

/** A recorded write as the plan names it: `POST packages`, `PUT blob`, `POST promote`. */
function writeKind(write: string): string {
  const [method, path] = write.split(' ')
  if (path.startsWith('/blob/')) return `${method} blob`
  if (/\/promote$/i.test(path)) return `${method} promote`
  // /v1.0/ingestion/products/{productId}/{collection}/...
  return `${method} ${path.split('/')[5]}`
}

describe('the plan', () => {
  it('a dry run lists every change, one log line and one table row each, and a real run then makes exactly those writes', async () => {
    const h = await harnessWith()
    const dry = await h.run({ 'dry-run': 'true', target: 'live', 'wait-timeout': '5' })
    expect(dry.exitCode).toBe(0)
    expect(writeRequests(h.emulator)).toEqual([])
    const planned = resultOf(dry).changes
    expect(planned.map((change) => change.kind)).toEqual([
      'upload-package',
      'bind-package',
      'upload-package',
      'bind-package',
      'create-submission',
      'promote-submission'
    ])
    const lines = dry.stdout.split('\n')
    for (const change of planned) {
      expect(lines.filter((line) => line.includes(change.description))).toHaveLength(1)
    }
    expect(dry.summary).toContain('<h3>Plan</h3>')
    const rows = dry.summary.split('<h3>Plan</h3>')[1].split('</table>')[0].match(/<tr>/g) ?? []
    expect(rows).toHaveLength(planned.length + 1)

    const real = await h.run({ target: 'live', 'wait-timeout': '5' })
    expect(real.exitCode).toBe(0)
    const made = writeRequests(h.emulator).map(writeKind).sort()
    expect(made).toEqual(planned.flatMap((change) => change.writes).sort())
    expect(resultOf(real).changes.map((change) => [change.kind, change.done])).toEqual(
      planned.map((change) => [change.kind, true])
    )
  })
})

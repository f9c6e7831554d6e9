import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { SAMPLE } from '../../emulator/index.js'
import packageJson from '../../package.json' with { type: 'json' }
import { startHarness, type Harness } from './harness.js'

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(async () => {
  await harness.close()
})

/** The annotation lines the runner turns into annotations, in order. */
const annotations = (stdout: string): string[] =>
  stdout.split('\n').filter((line) => /^::(error|warning|notice)[ :]/.test(line))

/** The job summary's title, tags removed. */
const title = (summary: string): string =>
  (/<h2>(.*?)<\/h2>/.exec(summary)?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))

describe('what a person sees: annotations that carry the cause', () => {
  it('a failed validation: one annotation per message with its code, then the failure', async () => {
    harness.emulator.scenario.failNextSubmission(SAMPLE.offerId, [
      {
        errorCode: 'ARM-2001',
        severity: 'Error',
        message: 'createUiDefinition outputs do not match',
        resource: 'premium'
      },
      {
        errorCode: 'LST-7',
        severity: 'Warning',
        message: 'The listing has no video',
        resource: 'listing'
      }
    ])
    const run = await harness.run({ 'wait-timeout': '5' })
    expect(run.exitCode).toBe(1)
    expect(annotations(run.stdout)).toEqual([
      '::error title=Partner Center validation error::ARM-2001: createUiDefinition outputs do not match (premium)',
      '::warning title=Partner Center validation warning::LST-7: The listing has no video (listing)',
      expect.stringMatching(
        /^::error::Submission \d+ failed in Partner Center \(InProgress\/Failed/
      )
    ])
    expect(title(run.summary)).toMatch(
      /^❌ Partner Center publish to preview: failed — Partner Center failed the submission$/
    )

    // status on the failed submission names the failure and its messages too.
    const status = await harness.run({ command: 'status' })
    expect(annotations(status.stdout)).toEqual(
      expect.arrayContaining([
        '::error title=Partner Center validation error::ARM-2001: createUiDefinition outputs do not match (premium)'
      ])
    )
    expect(status.stdout).not.toContain('The command failed.')
  })

  it('a manifest error: pinned on the file and line, relative to the workspace', async () => {
    await harness.write(
      'deploy/marketplace.yml',
      'offer: contoso-app\nplans:\n  - id: standard\n    pakage: ../build/standard.zip\n'
    )
    const run = await harness.run({ manifest: 'deploy/marketplace.yml' })
    expect(run.exitCode).toBe(1)
    // A plan needs no package (it may name only its listing or availability): the typo is the error.
    expect(annotations(run.stdout).sort()).toEqual([
      '::error title=Manifest error,file=deploy/marketplace.yml,line=4,col=5::unknown field "pakage" in plans.0; allowed fields are id, package, version, listing, availability, kind, managedApplication.'
    ])
    expect(run.stdout + run.summary).not.toContain(harness.workspace)
    expect(title(run.summary)).toBe('❌ Partner Center publish to preview: failed — manifest error')
  })

  it('a YAML syntax error: the line to fix, in plain words', async () => {
    await harness.write(
      'marketplace.yml',
      'offer: contoso-app\nplans:\n  - id: standard\n     package: build/standard.zip\n'
    )
    const run = await harness.run()
    expect(annotations(run.stdout)).toEqual([
      expect.stringMatching(
        /^::error title=Manifest error,file=marketplace\.yml,line=4,col=6::not valid YAML: this line is indented differently/
      )
    ])
  })

  it('an input error: the input and its allowed values, and a title without "undefined"', async () => {
    const run = await harness.run({ 'on-conflict': 'ignore' })
    expect(run.exitCode).toBe(1)
    expect(annotations(run.stdout)).toEqual([
      '::error::Input on-conflict is "ignore"; allowed values are fail, wait, cancel.'
    ])
    // With the workflow checked out, the annotation is pinned on the line that sets the input.
    await harness.write(
      '.github/workflows/publish.yml',
      [
        'on: push',
        'jobs:',
        '  publish:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: partner-center-publish/action@v1',
        '        with:',
        '          on-conflict: ignore'
      ].join('\n')
    )
    const pinned = await harness.run(
      { 'on-conflict': 'ignore' },
      {
        env: {
          GITHUB_WORKFLOW_REF: 'contoso/app/.github/workflows/publish.yml@refs/heads/main'
        }
      }
    )
    expect(annotations(pinned.stdout)).toEqual([
      '::error file=.github/workflows/publish.yml,line=8,col=11::Input on-conflict is "ignore"; allowed values are fail, wait, cancel.'
    ])
    expect(title(run.summary)).toBe('❌ Partner Center publish: failed — input error')
    expect(run.summary).not.toContain('undefined')
    expect(run.outputs.status).toBe('failed')
  })

  it('the first log lines say which version ran, and against which endpoints', async () => {
    const run = await harness.run({ command: 'status' })
    const lines = run.stdout.split('\n').filter((line) => !line.startsWith('::'))
    expect(lines.slice(0, 2)).toEqual([
      `partner-center-publish-action ${packageJson.version}`,
      `status: Partner Center API ${harness.emulator.url}, Entra ID ${harness.emulator.url}`
    ])
    expect(run.summary).toContain(`partner-center-publish-action ${packageJson.version}`)
  })
})

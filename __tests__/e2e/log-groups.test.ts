import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startHarness, type Harness } from './harness.js'

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(async () => {
  await harness.close()
})

/** The log lines between each `::group::` and its `::endgroup::`, by group name. */
function groups(stdout: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  let current: string[] | undefined
  for (const line of stdout.split('\n')) {
    if (line.startsWith('::group::')) found.set(line.slice('::group::'.length), (current = []))
    else if (line === '::endgroup::') current = undefined
    else current?.push(line)
  }
  return found
}

describe('log groups', () => {
  it('one plan failing its check: the other plan’s check line still lands inside the group', async () => {
    // The missing file fails at once; the valid zip is still being read when it does.
    await harness.write(
      'marketplace.yml',
      [
        'offer: contoso-app',
        'plans:',
        '  - id: standard',
        '    package: build/absent.zip',
        '  - id: premium',
        '    package: build/premium.zip'
      ].join('\n')
    )
    const run = await harness.run()
    expect(run.exitCode).toBe(1)
    const checks = groups(run.stdout).get('Check packages') ?? []
    expect(checks).toContainEqual(expect.stringMatching(/^Plan premium: .* is a valid package$/))
    expect(run.stdout.split('::endgroup::').pop()).not.toMatch(/is a valid package/)
  })

  it('the plan is printed inside the reading group, one line per change', async () => {
    const run = await harness.run({ 'dry-run': 'true' })
    const lines = groups(run.stdout).get('Read the offer and plan the changes') ?? []
    expect(lines.filter((line) => /^ {2}[a-z-]+: /.test(line))).toHaveLength(5)
  })

  it('one line per event: the offer found is said once', async () => {
    const run = await harness.run({ 'dry-run': 'true' })
    const lines = groups(run.stdout).get('Read the offer and plan the changes') ?? []
    expect(lines.filter((line) => /^Offer contoso-app is product /.test(line))).toHaveLength(1)
  })
})

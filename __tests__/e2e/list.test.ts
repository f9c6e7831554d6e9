import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { rm, symlink } from 'node:fs/promises'
import path from 'node:path'
import { resultOf, startHarness, type Harness } from './harness.js'

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(async () => {
  await harness.close()
})

const manifestFor = (offer: string) =>
  `offer: ${offer}\nplans:\n  - id: standard\n    package: a.zip\n`

/** list runs with no credential at all: it signs in to nothing. */
const listInputs = (extra: Record<string, string> = {}) => ({
  command: 'list',
  'tenant-id': '',
  'client-id': '',
  'client-secret': '',
  ...extra
})

describe('command: list', () => {
  it('outputs one matrix entry per offer from manifests in nested folders, node_modules ignored', async () => {
    await harness.write('offers/alpha/marketplace.yml', manifestFor('alpha-app'))
    await harness.write('offers/beta/deep/er/marketplace.yml', manifestFor('beta-app'))
    await harness.write('node_modules/some-package/marketplace.yml', manifestFor('alpha-app'))
    const run = await harness.run(listInputs())
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('listed')
    expect(JSON.parse(run.outputs.matrix)).toEqual([
      { manifest: 'marketplace.yml', offer: 'contoso-app' },
      { manifest: 'offers/alpha/marketplace.yml', offer: 'alpha-app' },
      { manifest: 'offers/beta/deep/er/marketplace.yml', offer: 'beta-app' }
    ])
    expect(run.summary).toContain('offers/beta/deep/er/marketplace.yml')
    expect(harness.emulator.requests).toEqual([])
  })

  it('takes the manifests glob', async () => {
    await harness.write('offers/alpha/marketplace.yml', manifestFor('alpha-app'))
    await harness.write('offers/beta/offer.yaml', manifestFor('beta-app'))
    const run = await harness.run(listInputs({ manifests: 'offers/*/*.yaml' }))
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.matrix)).toEqual([
      { manifest: 'offers/beta/offer.yaml', offer: 'beta-app' }
    ])
  })

  it('fails naming both files when two manifests name the same offer', async () => {
    await harness.write('offers/one/marketplace.yml', manifestFor('alpha-app'))
    await harness.write('offers/two/marketplace.yml', manifestFor('Alpha-App'))
    const run = await harness.run(listInputs())
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(run.outputs.matrix).toBe('')
    expect(resultOf(run).error).toMatch(
      /^Two manifests name the offer Alpha-App: offers\/one\/marketplace\.yml and offers\/two\/marketplace\.yml\./
    )
    expect(run.stdout).toContain('::error')
  })

  it('fails clearly when no manifest is found', async () => {
    await rm(path.join(harness.workspace, 'marketplace.yml'))
    const run = await harness.run(listInputs())
    expect(run.exitCode).toBe(1)
    expect(resultOf(run).error).toMatch(/^No manifest matches "\*\*\/marketplace\.yml" in /)
    expect(run.outputs.matrix).toBe('')
  })

  it('names the manifest that is not valid', async () => {
    await harness.write('offers/bad/marketplace.yml', 'offer: [not, an, id]\n')
    const run = await harness.run(listInputs())
    expect(run.exitCode).toBe(1)
    expect(resultOf(run).error).toContain('offers/bad/marketplace.yml')
  })
})

describe('command: list stays in the workspace', () => {
  it('walks no symlinked folder: one out of the workspace, nor one back into it (a loop)', async () => {
    await harness.write('offers/alpha/marketplace.yml', manifestFor('alpha-app'))
    // A pull request may add these: a link to the file system's root, and one to the offers' parent.
    await symlink('/', path.join(harness.workspace, 'offers/root'))
    await symlink('..', path.join(harness.workspace, 'offers/loop'))
    const run = await harness.run(listInputs())
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.matrix)).toEqual([
      { manifest: 'marketplace.yml', offer: 'contoso-app' },
      { manifest: 'offers/alpha/marketplace.yml', offer: 'alpha-app' }
    ])
  })

  it.each(['../**/marketplace.yml', '/etc/**/*.yml', 'offers/../../*.yml'])(
    'refuses the glob %s, which leaves the workspace, before walking anything',
    async (manifests) => {
      const run = await harness.run(listInputs({ manifests }))
      expect(run.exitCode).toBe(1)
      expect(resultOf(run).error).toContain(
        `Input manifests is ${JSON.stringify(manifests)}: give a glob inside the repository root`
      )
      expect(run.summary).toContain('input error')
    }
  )
})

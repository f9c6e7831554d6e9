/**
 * command: export (issue 13): the offer as a manifest. The emulator's seeded offer exports to the
 * committed expected manifest, and publishing an export unchanged is a no-op: zero writes.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { resultOf, startHarness, writeRequests, type Harness } from './harness.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

const EXPECTED = new URL('../fixtures/export/marketplace.yml', import.meta.url)

/** Runs export (offer named by the input: no manifest needed) and returns the file written. */
async function exportOffer(h: Harness, exportPath = 'marketplace-export/'): Promise<string> {
  const run = await h.run({
    command: 'export',
    'offer-id': 'contoso-app',
    'export-path': exportPath
  })
  expect(run.exitCode).toBe(0)
  expect(run.outputs.status).toBe('exported')
  return readFile(path.join(h.workspace, exportPath, 'marketplace.yml'), 'utf8')
}

describe('command: export', () => {
  it('refuses an export-path that would write over the manifest in use, and keeps it', async () => {
    const h = (harness = await startHarness())
    const before = await readFile(path.join(h.workspace, 'marketplace.yml'), 'utf8')
    const run = await h.run({ command: 'export', 'offer-id': 'contoso-app', 'export-path': '.' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('would write over the manifest marketplace.yml')
    expect(await readFile(path.join(h.workspace, 'marketplace.yml'), 'utf8')).toBe(before)
  })

  it('writes the seeded offer as the committed expected manifest, and writes nothing to Partner Center', async () => {
    const h = (harness = await startHarness())
    const exported = await exportOffer(h)
    expect(exported).toBe(await readFile(EXPECTED, 'utf8'))
    expect(writeRequests(h.emulator)).toEqual([])
  })

  it('round trip: publishing the export unchanged plans nothing and writes nothing', async () => {
    const h = (harness = await startHarness())
    await exportOffer(h, 'exported')
    const dry = await h.run({ manifest: 'exported/marketplace.yml', 'dry-run': 'true' })
    expect(dry.exitCode).toBe(0)
    expect(resultOf(dry).changes).toEqual([])
    const publish = await h.run({ manifest: 'exported/marketplace.yml' })
    expect(publish.exitCode).toBe(0)
    expect(writeRequests(h.emulator)).toEqual([])
  })

  it('round trip after an edit: the export holds the new listing, and publishing it writes nothing', async () => {
    const h = (harness = await startHarness())
    await h.write(
      'marketplace.yml',
      [
        'offer: contoso-app',
        'listing:',
        '  en-us:',
        '    description: |',
        '      <p>Line one.</p>',
        '',
        '      <p>Line “two”: ünïcode, and a trailing newline.</p>',
        '    keywords: [one]',
        '    links: []'
      ].join('\n')
    )
    expect((await h.run({ target: 'draft' })).exitCode).toBe(0)
    const writes = writeRequests(h.emulator).length
    const exported = await exportOffer(h)
    expect(exported).toContain('Line “two”: ünïcode')
    expect(exported).not.toContain('links:')
    const publish = await h.run({ manifest: 'marketplace-export/marketplace.yml', target: 'draft' })
    expect(publish.exitCode).toBe(0)
    expect(publish.outputs.status).toBe('unchanged')
    expect(writeRequests(h.emulator)).toHaveLength(writes)
  })

  it('refuses an export-path outside the workspace before anything is read', async () => {
    const h = (harness = await startHarness())
    const run = await h.run({
      command: 'export',
      'offer-id': 'contoso-app',
      'export-path': '../outside'
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/export-path \.\.\/outside resolves to .*outside/)
    expect(h.emulator.requests).toEqual([])
  })

  it('says what to change when export-path names a file, not a folder', async () => {
    const h = (harness = await startHarness())
    await h.write('notes.txt', 'a file, not a folder\n')
    const run = await h.run({
      command: 'export',
      'offer-id': 'contoso-app',
      'export-path': 'notes.txt'
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      'Could not write notes.txt/marketplace.yml (EEXIST): set the `export-path` input to a folder'
    )
    expect(writeRequests(h.emulator)).toEqual([])
  })
})

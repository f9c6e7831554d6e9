import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { checkPackage, PackageCheckError } from '../../../src/app-package/check-package.js'
import { NotAZipError, openZip } from '../../../src/app-package/zip-directory.js'
import { preflightPackage } from '../../../src/preflight/preflight.js'
import { zipBuffer } from '../../../scripts/zip.js'
import { seededRandom } from '../../support/seeded-random.js'

let dir: string
const file = (name: string) => path.join(dir, name)

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'zip-directory-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const VALID = zipBuffer([
  { name: 'mainTemplate.json', data: '{"resources":[]}' },
  { name: 'createUiDefinition.json', data: '{"parameters":{}}' },
  { name: 'nestedtemplates/storage.json', data: '{"resources":[{"type":"x"}]}' }
])

/** Offset of the first central directory record in a zip from scripts/zip.ts. */
function centralDirectoryOffset(zip: Buffer): number {
  return zip.readUInt32LE(zip.length - 22 + 16)
}

async function refusal(name: string, content: Buffer): Promise<string> {
  await writeFile(file(name), content)
  const error = await checkPackage(file(name), 'Plan x').then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(PackageCheckError)
  return (error as Error).message
}

describe('the zip reader on crafted archives', () => {
  it('refuses a 22-byte end record that claims a 4 GiB central directory, naming the file', async () => {
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(1, 8)
    end.writeUInt16LE(1, 10)
    end.writeUInt32LE(0xfffffff0, 12)
    end.writeUInt32LE(0, 16)
    expect(await refusal('huge-directory.zip', end)).toMatch(
      /^Plan x: .*huge-directory\.zip is not a zip file we can read \(/
    )
  })

  it('refuses an end record that claims more entries than the file can hold', async () => {
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(0xfffe, 8)
    end.writeUInt16LE(0xfffe, 10)
    expect(await refusal('many-entries.zip', end)).toMatch(
      /many-entries\.zip is not a zip file we can read \(its end record claims 65534 entries/
    )
  })

  it.each([
    ['../escape.json', 'climbs out of the package'],
    ['/etc/absolute.json', 'is absolute'],
    ['nested/../../escape.json', 'climbs out through a folder']
  ])('refuses the entry name %s (%s), naming it', async (name) => {
    const zip = zipBuffer([
      { name: 'mainTemplate.json', data: '{}' },
      { name: 'createUiDefinition.json', data: '{}' },
      { name, data: '{}' }
    ])
    const message = await refusal('bad-name.zip', zip)
    expect(message).toContain('bad-name.zip')
    expect(message).toContain(name)
  })

  it('refuses an entry whose compressed size runs past the end of the file', async () => {
    const zip = Buffer.from(VALID)
    zip.writeUInt32LE(0x7fffffff, centralDirectoryOffset(zip) + 20)
    expect(await refusal('long-entry.zip', zip)).toMatch(
      /entry "mainTemplate\.json" claims 2147483647 bytes at offset 0, past the end/
    )
  })

  it('refuses to read an entry that declares more than the limit', async () => {
    await writeFile(file('valid.zip'), VALID)
    const zip = await openZip(file('valid.zip'), VALID.length)
    try {
      await expect(zip.read('nestedtemplates/storage.json', 10)).rejects.toThrow(
        /entry "nestedtemplates\/storage\.json" is 28 bytes, over the 10-byte limit/
      )
      expect((await zip.read('mainTemplate.json', 1000)).toString()).toBe('{"resources":[]}')
    } finally {
      zip.close()
    }
  })

  it('keeps control characters of an entry name out of the message', async () => {
    const zip = zipBuffer([{ name: '../a\n::error::b', data: '{}' }])
    const message = await refusal('control.zip', zip)
    expect(message).not.toContain('\n')
    expect(message).toContain('../a?::error::b')
  })
})

describe('the zip reader under fuzzing', () => {
  /**
   * Random bytes, truncations and byte mutations of a valid package (fixed seed, fixed count):
   * every input either passes as a package or is refused with a PackageCheckError that names
   * the file; reading every entry, and the pre-flight, either work or fail with a NotAZipError.
   */
  it('never crashes and always names the file', async () => {
    const random = seededRandom(0x5eed)
    const inputs: Buffer[] = []
    for (let index = 0; index < 400; index++) {
      const kind = index % 4
      if (kind === 0) {
        const bytes = Buffer.alloc(Math.floor(random() * 300))
        for (let at = 0; at < bytes.length; at++) bytes[at] = Math.floor(random() * 256)
        // Half of the random inputs end in an end-of-directory signature, to reach the parser.
        if (bytes.length >= 22 && random() < 0.5) bytes.writeUInt32LE(0x06054b50, bytes.length - 22)
        inputs.push(bytes)
      } else if (kind === 1) {
        inputs.push(VALID.subarray(0, Math.floor(random() * VALID.length)))
      } else {
        const mutated = Buffer.from(VALID)
        const flips = 1 + Math.floor(random() * 6)
        // Mutations aimed at the directory and end record half of the time.
        const from = random() < 0.5 ? centralDirectoryOffset(VALID) : 0
        for (let flip = 0; flip < flips; flip++) {
          const at = from + Math.floor(random() * (mutated.length - from))
          mutated[at] = Math.floor(random() * 256)
        }
        inputs.push(mutated)
      }
    }
    let refused = 0
    const problems: string[] = []
    for (const [index, input] of inputs.entries()) {
      const name = `fuzz-${index}.zip`
      await writeFile(file(name), input)
      const outcome = await checkPackage(file(name), 'Plan fuzz').then(
        () => undefined,
        (error: unknown) => error
      )
      if (outcome !== undefined) {
        refused++
        if (!(outcome instanceof PackageCheckError) || !outcome.message.includes(name)) {
          problems.push(`${name}: ${String(outcome)}`)
        }
        continue
      }
      const zip = await openZip(file(name), input.length)
      try {
        for (const entry of zip.entries) {
          await zip.read(entry.name, 1 << 20).catch((error: unknown) => {
            if (!(error instanceof NotAZipError)) problems.push(`${name}: ${String(error)}`)
          })
        }
      } finally {
        zip.close()
      }
      // The pre-flight reads the same entries and parses whatever they hold.
      await preflightPackage(file(name), input.length, { planId: 'fuzz' }).catch(
        (error: unknown) => {
          if (!(error instanceof NotAZipError)) problems.push(`${name}: ${String(error)}`)
        }
      )
    }
    expect(problems).toEqual([])
    // The fuzzing reaches both outcomes: it is not all noise, nor all harmless.
    expect(refused).toBeGreaterThan(200)
    expect(refused).toBeLessThan(inputs.length)
  })
})

/**
 * Fuzzes the manifest loader with random and mutated inputs: whatever the bytes, it returns a
 * manifest or throws a ManifestError that names the file, and never anything else. The count is
 * bounded and the seed fixed, so a failure reproduces.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadManifest, ManifestError } from '../../../src/manifest/manifest.js'
import { seededRandom } from '../../support/seeded-random.js'

const SEED = 0x5eed_0011
const CASES = 400

const VALID = [
  'offer: contoso-app',
  'version: "1.2.3"',
  'plans:',
  '  - id: standard',
  '    package: build/standard.zip',
  '  - id: premium',
  '    package: build/premium.zip',
  '    version: "2.0.0"'
].join('\n')

/** Pieces that stress a YAML parser and the schema: anchors, tags, flow, odd scalars. */
const TOKENS = [
  '&a [*a]',
  '*b',
  '!!binary',
  '!!js/function',
  '{',
  '}',
  '[',
  ']',
  ':',
  '- ',
  '\n',
  '  ',
  '"',
  "'",
  '#',
  '|',
  '>',
  '---',
  '...',
  '%YAML 1.2',
  '\t',
  'plans',
  'id',
  'package',
  'offer',
  'version',
  '1e308',
  '-0',
  '0x10',
  '~',
  'null',
  '::stop-commands::x',
  '\u001b[31m',
  '\u0000',
  '\ufeff',
  '../../etc/passwd',
  '<<: *a',
  '? ',
  '@',
  '`'
]

let dir: string
let file: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'manifest-fuzz-'))
  file = path.join(dir, 'marketplace.yml')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function randomBytes(random: () => number): Buffer {
  const length = Math.floor(random() * 300)
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)))
}

function randomTokens(random: () => number): Buffer {
  const count = Math.floor(random() * 40)
  const pick = () => TOKENS[Math.floor(random() * TOKENS.length)]
  return Buffer.from(Array.from({ length: count }, pick).join(''))
}

function mutated(random: () => number): Buffer {
  const bytes = [...Buffer.from(VALID)]
  const edits = 1 + Math.floor(random() * 6)
  for (let edit = 0; edit < edits; edit++) {
    const at = Math.floor(random() * (bytes.length + 1))
    switch (Math.floor(random() * 4)) {
      case 0:
        bytes[at] = Math.floor(random() * 256)
        break
      case 1:
        bytes.splice(at, 1 + Math.floor(random() * 8))
        break
      case 2:
        bytes.splice(at, 0, ...Buffer.from(TOKENS[Math.floor(random() * TOKENS.length)]))
        break
      default:
        bytes.splice(at, 0, ...bytes.slice(at, at + Math.floor(random() * 40)))
    }
  }
  return Buffer.from(bytes)
}

describe('loadManifest under fuzzing', () => {
  it(`gives a manifest or a ManifestError naming the file for ${CASES} inputs (seed ${SEED})`, async () => {
    const random = seededRandom(SEED)
    const kinds = [randomBytes, randomTokens, mutated]
    const outcomes = { valid: 0, refused: 0 }
    /** Inputs that gave anything but a manifest or a ManifestError naming the file. */
    const wrong: string[] = []
    for (let index = 0; index < CASES; index++) {
      const input = kinds[index % kinds.length](random)
      await writeFile(file, input)
      try {
        const manifest = await loadManifest(file)
        if (manifest.plans.length === 0) wrong.push(`case ${index}: a manifest without plans`)
        outcomes.valid++
      } catch (error) {
        outcomes.refused++
        if (error instanceof ManifestError && error.message.includes(file)) continue
        wrong.push(
          `case ${index}: ${JSON.stringify(input.toString('latin1'))} gave ${String(error)}`
        )
      }
    }
    expect(wrong).toEqual([])
    // The mutations must reach both sides, or the fuzzing says nothing about the parser.
    expect(outcomes.valid).toBeGreaterThan(0)
    expect(outcomes.refused).toBeGreaterThan(CASES / 2)
  })
})

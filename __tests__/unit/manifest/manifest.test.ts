import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  loadManifest,
  ManifestError,
  parseManifest,
  type ManifestProblem
} from '../../../src/manifest/manifest.js'
import { manifestSchema, SCHEMA_URL } from '../../../src/manifest/schema.js'
import {
  SCHEMA_FILE,
  schemaJson,
  VALIDATOR_FILE,
  validatorSource
} from '../../../scripts/write-schema.js'

const parse = (text: string) => parseManifest(text, 'marketplace.yml')

function problemsOf(text: string): ManifestProblem[] {
  try {
    parse(text)
  } catch (error) {
    if (error instanceof ManifestError) return error.problems
    throw error
  }
  throw new Error('the manifest was accepted')
}

describe('parseManifest', () => {
  it('reads the minimal YAML form', () => {
    const manifest = parse(
      [
        'offer: contoso-app',
        'version: 1.2.3',
        'plans:',
        '  - id: standard',
        '    package: build/app.zip',
        '  - id: premium',
        '    package: build/premium.zip',
        '    version: 1.2.4'
      ].join('\n')
    )
    expect(manifest).toEqual({
      offer: 'contoso-app',
      version: '1.2.3',
      plans: [
        { id: 'standard', package: 'build/app.zip' },
        { id: 'premium', package: 'build/premium.zip', version: '1.2.4' }
      ],
      file: 'marketplace.yml'
    })
  })

  /** A manifest that skips one pre-flight rule for `reason`. */
  const skipping = (reason: string) =>
    [
      'plans:',
      '  - id: standard',
      '    package: app.zip',
      'preflight:',
      '  skip:',
      '    - rule: apiVersions Should Be Recent',
      `      reason: ${reason}`
    ].join('\n')

  it('reads the pre-flight rules to skip, with their reasons', () => {
    expect(parse(skipping('the newer API version is not in every cloud yet')).preflight).toEqual({
      skip: [
        {
          rule: 'apiVersions Should Be Recent',
          reason: 'the newer API version is not in every cloud yet'
        }
      ]
    })
  })

  it('wants a reason for every skipped pre-flight rule', () => {
    expect(() => parse(skipping("' '"))).toThrow(
      /marketplace\.yml:7:15: preflight\.skip\.0\.reason must be a reason in words, not blank\./
    )
  })

  it('reads JSON too', () => {
    const manifest = parse('{"offer":"x","plans":[{"id":"a","package":"a.zip"}]}')
    expect(manifest.plans[0].id).toBe('a')
  })

  it('points at the line and column of an unknown field and lists the allowed ones', () => {
    const text = ['offer: contoso-app', 'plans:', '  - id: standard', '    pakage: app.zip'].join(
      '\n'
    )
    // A plan needs no package (it may name only its listing or availability): the typo is the error.
    expect(() => parse(text)).toThrow(
      /^marketplace\.yml:4:5: unknown field "pakage" in plans\.0; allowed fields are id, package, version, listing, availability, kind, managedApplication\.$/
    )
  })

  it('explains that a YAML number is not a version', () => {
    const text = [
      'offer: contoso-app',
      'version: 1.2',
      'plans:',
      '  - {id: a, package: a.zip}'
    ].join('\n')
    expect(() => parse(text)).toThrow(
      /marketplace\.yml:2:10: version must be three numbers like "1\.2\.3", quoted in YAML so it stays text/
    )
  })

  it('rejects a version that is not three numbers', () => {
    expect(() => parse('version: "1.2.3-rc.1"\nplans: [{id: a, package: a.zip}]')).toThrow(
      /1:10: version must be three numbers/
    )
  })

  it('rejects a plan listed twice', () => {
    const text = 'plans:\n  - {id: a, package: a.zip}\n  - {id: A, package: b.zip}'
    expect(() => parse(text)).toThrow(/3:10: plan "A" is listed twice/)
  })

  it('reports broken YAML with its position', () => {
    expect(() => parse('plans: [\n')).toThrow(/marketplace\.yml:\d+:\d+: not valid YAML/)
  })

  it.each([
    [
      'an over-indented key: the line to fix, not the one before',
      'offer: a\nplans:\n  - id: x\n     package: b.zip\n',
      { line: 4, message: /indented differently from the line above/ }
    ],
    [
      'a key without its colon',
      'offer: a\nplans\n  - id: x\n',
      { line: 2, message: /"plans" has no colon; a key needs one \(`plans:`\)/ }
    ],
    [
      'a tab',
      'offer: a\nplans:\n\t- id: x\n',
      { line: 3, message: /indented with a tab; YAML allows only spaces/ }
    ],
    [
      'an unclosed quote: where it opens, not the end of the file',
      'offer: "a\nplans:\n  - id: x\n    package: b.zip\n',
      { line: 1, message: /quoted value starts on this line and is never closed/ }
    ],
    [
      'a key written twice',
      'offer: a\noffer: b\nplans: []\n',
      { line: 2, message: /appears twice/ }
    ]
  ])('explains broken YAML in plain words: %s', (_, text, expected) => {
    const problem = problemsOf(text)[0]
    expect(problem.line).toBe(expected.line)
    expect(problem.message).toMatch(expected.message)
    expect(problem.message).not.toMatch(/implicit|compact|flow|scalar/i)
  })

  it('names the file as shown, relative to the workspace, in the message and the problems', async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), 'manifest-'))
    await mkdir(path.join(workspace, 'deploy'))
    await writeFile(path.join(workspace, 'deploy/marketplace.yml'), 'plans: []\n')
    const error = await loadManifest(path.join(workspace, 'deploy/marketplace.yml'), workspace)
      .then(() => undefined)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ManifestError)
    expect((error as ManifestError).problems).toEqual([
      { file: 'deploy/marketplace.yml', line: 1, column: 8, message: expect.any(String) }
    ])
    expect((error as Error).message).not.toContain(workspace)
    await rm(workspace, { recursive: true })
  })

  it('needs at least one plan', () => {
    expect(() => parse('offer: x\nplans: []')).toThrow(/plans must list at least one plan/)
  })
})

describe('what npm run schema generates from src/manifest/schema.ts', () => {
  it.each([
    ['the published JSON Schema', SCHEMA_FILE, schemaJson],
    ['the compiled validator', VALIDATOR_FILE, validatorSource]
  ])('%s is up to date (regenerate with npm run schema)', (_, file, generate) => {
    expect(readFileSync(fileURLToPath(file), 'utf8')).toBe(generate())
  })
})

describe('editor support', () => {
  /** Every schema object in the manifest schema that has a `pattern`. */
  function patterned(node: unknown, at = '#'): [string, Record<string, unknown>][] {
    if (typeof node !== 'object' || node === null) return []
    const own: [string, Record<string, unknown>][] =
      'pattern' in node ? [[at, node as Record<string, unknown>]] : []
    return [
      ...own,
      ...Object.entries(node).flatMap(([key, value]) => patterned(value, `${at}/${key}`))
    ]
  }

  it.each(patterned(manifestSchema))('%s has an errorMessage in words', (_, schema) => {
    expect(schema.errorMessage).toMatch(/^must be [^^$\\]+\.$/)
  })

  it('shows those words for a value that breaks a pattern, not the expression', () => {
    expect(() => parse('offer: "my offer!"\nplans: [{id: a, package: a.zip}]')).toThrow(
      /offer must be 1 to 50 letters, digits, "-" and "_", starting with a letter or digit\.$/
    )
  })

  it('tells a value of the wrong type by its type, not by the pattern its text breaks', () => {
    expect(() =>
      parse('offer: contoso-app\nlisting:\n  en-us:\n    summary: [1, 2]\n    privacyUrl: 42\n')
    ).toThrow(
      /listing\.en-us\.summary must be string\.[\s\S]*listing\.en-us\.privacyUrl must be string\./
    )
  })

  it("accepts the README's new-plan example and the example offer, each with a new managed application", () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('### New plans'))
    const example = /```yaml\n([\s\S]*?)```/.exec(section)![1]
    const offer = readFileSync(
      new URL('../../../examples/contoso-app/marketplace.yml', import.meta.url),
      'utf8'
    )
    for (const text of [example, offer]) {
      expect(parse(text).plans.find((plan) => plan.id === 'enterprise')).toMatchObject({
        kind: 'managed-application',
        managedApplication: { authorizations: [{ roleDefinitionId: 'Owner' }] }
      })
    }
  })

  it('has a stable $id in this repository, which the README tells users to paste', () => {
    expect(manifestSchema.$id).toBe(SCHEMA_URL)
    expect(SCHEMA_URL).toMatch(
      /^https:\/\/raw\.githubusercontent\.com\/partner-center-publish\/action\/v1\/schemas\/marketplace\.schema\.json$/
    )
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
    expect(readme).toContain(`# yaml-language-server: $schema=${SCHEMA_URL}`)
  })
})

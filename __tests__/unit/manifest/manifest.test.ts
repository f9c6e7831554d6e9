import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseManifest } from '../../../src/manifest/manifest.js'
import {
  SCHEMA_FILE,
  schemaJson,
  VALIDATOR_FILE,
  validatorSource
} from '../../../scripts/write-schema.js'

const parse = (text: string) => parseManifest(text, 'marketplace.yml')

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
      /marketplace\.yml:7:15: preflight\.skip\.0\.reason must not be empty\./
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
    expect(() => parse(text)).toThrow(/marketplace\.yml:3:5: plans\.0 needs "package"/)
    expect(() => parse(text)).toThrow(
      /marketplace\.yml:4:5: unknown field "pakage" in plans\.0; allowed fields are id, package, version/
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
      /marketplace\.yml:2:10: version must be string \(quote versions/
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

import { describe, expect, it } from '@jest/globals'
import type { Manifest } from '../../../src/manifest/manifest.js'
import { compareVersions } from '../../../src/manifest/version-rule.js'
import { planPlans, versionFromRef } from '../../../src/engine/plan/desired.js'
import { testRequest } from '../../support/engine-context.js'

const manifest: Manifest = {
  offer: 'contoso-app',
  file: '/repo/offers/marketplace.yml',
  plans: [
    { id: 'standard', package: 'build/app.zip' },
    { id: 'premium', package: '../premium.zip', version: '2.0.0' }
  ]
}

const request = testRequest

describe('versions', () => {
  it('reads a release tag with or without a v', () => {
    expect(versionFromRef('refs/tags/v1.2.3')).toBe('1.2.3')
    expect(versionFromRef('refs/tags/1.2.3')).toBe('1.2.3')
    expect(versionFromRef('refs/tags/v1.2.3-rc.1')).toBeUndefined()
    expect(versionFromRef('refs/heads/main')).toBeUndefined()
  })

  it('resolves input, then plan, then manifest, then tag; paths from the manifest folder', () => {
    expect(planPlans(request({ ref: 'refs/tags/v1.0.1' }), manifest)).toEqual([
      {
        planId: 'standard',
        packagePath: '/repo/offers/build/app.zip',
        packageLabel: 'build/app.zip',
        version: '1.0.1'
      },
      {
        planId: 'premium',
        packagePath: '/repo/premium.zip',
        packageLabel: '../premium.zip',
        version: '2.0.0'
      }
    ])
    const overridden = planPlans(request({ version: '3.0.0', ref: 'refs/tags/v1.0.1' }), {
      ...manifest,
      version: '1.5.0'
    })
    expect(overridden.map((plan) => plan.version)).toEqual(['3.0.0', '3.0.0'])
  })

  it('explains a missing version, naming the tag that is not one', () => {
    expect(() => planPlans(request({ ref: 'refs/tags/release-7' }), manifest)).toThrow(
      /Plan "standard" has no version \(the tag release-7 is not a version like v1\.2\.3\)/
    )
  })

  it('without a version required (check, on a pull request): no version is no error, a bad input still is', () => {
    const pullRequest = request({ ref: 'refs/pull/7/merge' })
    expect(
      planPlans(pullRequest, manifest, { versionRequired: false }).map((plan) => plan.version)
    ).toEqual(['', '2.0.0'])
    expect(() =>
      planPlans(request({ version: 'v1.2.3' }), manifest, { versionRequired: false })
    ).toThrow(/must be three numbers like "1.2.3", not "v1.2.3"/)
  })

  it('rejects a version input that is not three numbers', () => {
    expect(() => planPlans(request({ version: '1.2' }), manifest)).toThrow(
      /must be three numbers like "1.2.3", not "1.2"/
    )
  })

  it('compares versions numerically, not as text', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBeGreaterThan(0)
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0)
    expect(compareVersions('0.9.0', '1.0.0')).toBeLessThan(0)
  })
})

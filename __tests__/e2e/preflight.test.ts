import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { examplePackageEntries } from '../../scripts/build-example.js'
import type { ZipEntry } from '../../scripts/zip.js'
import {
  expectNoSecrets,
  partnerCenterCalls,
  resultOf,
  startHarness,
  writeRequests,
  type Harness
} from './harness.js'

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(async () => {
  await harness.close()
})

/**
 * The sample package with two faults: a hard-coded location default (an error) and an old API
 * version (a warning).
 */
function faultyPackage(): ZipEntry[] {
  return examplePackageEntries().map((entry) => {
    if (entry.name !== 'mainTemplate.json') return entry
    const template = JSON.parse(entry.data.toString()) as {
      parameters: { location: { defaultValue: string } }
      resources: { apiVersion: string }[]
    }
    template.parameters.location.defaultValue = 'westus'
    template.resources[0].apiVersion = '2019-06-01'
    return { name: entry.name, data: JSON.stringify(template, null, 2) }
  })
}

describe('pre-flight', () => {
  it('under preflight: error (the default), stops a package with findings before any write or ingestion call', async () => {
    await harness.write('build/premium.zip', faultyPackage())
    const run = await harness.run()
    expect(run.exitCode).toBe(1)
    // The sign-in may run while the manifest and the packages are read (a token request changes
    // nothing, issue 16); nothing else reaches Partner Center or storage.
    expect(partnerCenterCalls(harness.emulator)).toEqual([])
    expect(run.outputs.status).toBe('failed')
    expect(run.stdout).toContain(
      '::error title=Location Should Not Be Hardcoded (pre-flight)::Plan premium: mainTemplate.json:7:23 ($.parameters.location.defaultValue): The "location" parameter defaults to "westus".'
    )
    expect(run.stdout).toMatch(
      /::warning title=apiVersions Should Be Recent \(pre-flight\)::Plan premium: mainTemplate.json:\d+:\d+ \(\$\.resources\[0\]\.apiVersion\)/
    )
    expect(run.stdout).toMatch(/::error::The pre-flight found 1 error\(s\) and 1 warning\(s\)/)
    const { preflight } = resultOf(run)
    expect(preflight?.findings.map((finding) => [finding.planId, finding.rule])).toEqual([
      ['premium', 'Location Should Not Be Hardcoded'],
      ['premium', 'apiVersions Should Be Recent']
    ])
    expect(run.summary).toContain('<td>Location Should Not Be Hardcoded</td>')
    expect(run.summary).toContain('Nothing was changed in Partner Center')
  })

  it('reports the pre-flight findings, not the sign-in failure, when both fail', async () => {
    await harness.write('build/premium.zip', faultyPackage())
    const wrong = 'not-the-right-secret-value'
    const run = await harness.run({ 'client-secret': wrong })
    expect(run.exitCode).toBe(1)
    expect(partnerCenterCalls(harness.emulator)).toEqual([])
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'))
    expect(errors).toEqual([expect.stringMatching(/^::error::The pre-flight found 1 error\(s\)/)])
    expect(run.stdout).not.toContain('AADSTS7000215')
    expect(resultOf(run).error).toMatch(/^The pre-flight found 1 error\(s\)/)
    expectNoSecrets(run, harness.emulator, [wrong])
  })

  it('reports a sign-in that failed during a clean pre-flight once, at the first call', async () => {
    const wrong = 'not-the-right-secret-value'
    const run = await harness.run({ 'client-secret': wrong })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/::error::.*AADSTS7000215/)
    // The early token request's failure is the one reported: no second request for it.
    expect(harness.emulator.requests.map((request) => request.path)).toEqual([
      expect.stringMatching(/\/oauth2\//)
    ])
    expect(resultOf(run).preflight?.findings).toEqual([])
  })

  it('under preflight: warn, reports the findings and publishes', async () => {
    await harness.write('build/premium.zip', faultyPackage())
    const run = await harness.run({ preflight: 'warn' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('submitted')
    expect(run.stdout).toContain('::error title=Location Should Not Be Hardcoded (pre-flight)::')
    expect(writeRequests(harness.emulator).some((request) => /\/submissions$/i.test(request))).toBe(
      true
    )
    expect(resultOf(run).preflight?.findings).toHaveLength(2)
  })

  it('lets the manifest skip a rule, printing the reason', async () => {
    await harness.write('build/premium.zip', faultyPackage())
    await harness.write(
      'marketplace.yml',
      [
        'offer: contoso-app',
        'plans:',
        '  - id: premium',
        '    package: build/premium.zip',
        'preflight:',
        '  skip:',
        '    - rule: Location Should Not Be Hardcoded',
        '      reason: the app is pinned to one region by contract'
      ].join('\n')
    )
    const run = await harness.run({ command: 'check', 'tenant-id': '', 'client-id': '' })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(
      '::notice::Pre-flight rule "Location Should Not Be Hardcoded" skipped: the app is pinned to one region by contract'
    )
    expect(resultOf(run).preflight?.findings.map((finding) => finding.rule)).toEqual([
      'apiVersions Should Be Recent'
    ])
  })
})

describe('command: check', () => {
  it('checks every package without credentials, sign-in or any request', async () => {
    const run = await harness.run({
      command: 'check',
      'tenant-id': '',
      'client-id': '',
      'client-secret': ''
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('checked')
    expect(harness.emulator.requests).toEqual([])
    // The log names no endpoint it would talk to.
    expect(run.stdout).toContain('check: local checks only, no sign-in, no network')
    expect(run.stdout).not.toContain(harness.emulator.url)
    expect(resultOf(run).plans.map((plan) => [plan.planId, plan.state])).toEqual([
      ['standard', 'checked'],
      ['premium', 'checked']
    ])
    expect(run.summary).toContain('policy <code>error</code>: 0 error(s), 0 warning(s)')
  })

  it('runs on a pull request, where no release tag gives the versions', async () => {
    // The README's PR workflow with a manifest whose versions come from release tags.
    const run = await harness.run(
      { command: 'check', 'tenant-id': '', 'client-id': '', 'client-secret': '' },
      { env: { GITHUB_REF: 'refs/pull/7/merge' } }
    )
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('checked')
    expect(harness.emulator.requests).toEqual([])
  })

  it('fails on pre-flight errors, still without any request', async () => {
    await harness.write('build/standard.zip', faultyPackage())
    const run = await harness.run({ command: 'check', 'tenant-id': '', 'client-id': '' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(harness.emulator.requests).toEqual([])
  })
})

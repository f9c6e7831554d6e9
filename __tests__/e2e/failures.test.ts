import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { SAMPLE } from '../../emulator/index.js'
import {
  expectNoSecrets,
  expectNothingLeftBehind,
  offerBefore,
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

describe('failures are explained, and nothing is half-published silently', () => {
  it('a package that fails processing stops the run before anything is bound or submitted', async () => {
    harness.emulator.scenario.failNextPackageProcessing(SAMPLE.offerId, [
      {
        errorCode: 'PKG-1001',
        severity: 'Error',
        message: 'The <template> is invalid',
        resource: 'mainTemplate.json'
      }
    ])
    const run = await harness.run({ target: 'draft' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(run.stdout).toMatch(/::error::.*could not process the package \(ProcessFailed\)/)
    // The server's text is escaped in the summary.
    expect(run.summary).toContain('The &#60;template&#62; is invalid')
    expect(run.summary).toContain('PKG-1001')
    const offer = harness.emulator.inspect(SAMPLE.offerId)
    const failedPlan = resultOf(run).plans.find((plan) => plan.state === 'failed')!
    // The failed plan keeps its old configuration; the summary lists what was uploaded.
    expect(
      offer.packageConfigurations.find((config) => config.planId === failedPlan.planId)!.version
    ).toBe('1.0.0')
    expect(run.summary).toMatch(/uploaded build\/\w+\.zip as package/)
    expect(writeRequests(harness.emulator).some((request) => /submissions/i.test(request))).toBe(
      false
    )
    expectNoSecrets(run, harness.emulator)
  })

  it('a submission that fails validation fails the step with its messages', async () => {
    harness.emulator.scenario.failNextSubmission(SAMPLE.offerId, [
      {
        errorCode: 'ARM-2001',
        severity: 'Error',
        message: 'createUiDefinition outputs do not match',
        resource: 'premium'
      }
    ])
    const run = await harness.run({ 'wait-timeout': '5' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.status).toBe('failed')
    expect(run.outputs['submission-id']).toMatch(/^\d+$/)
    expect(run.stdout).toMatch(
      /::error::Submission \d+ failed in Partner Center \(InProgress\/Failed\)/
    )
    expect(run.summary).toContain('createUiDefinition outputs do not match')
    expect(run.summary).toContain('ARM-2001')
  })

  it('an unknown plan lists the plans that exist, and leaves nothing behind', async () => {
    await harness.write(
      'marketplace.yml',
      'offer: contoso-app\nplans:\n  - id: enterprise\n    package: build/standard.zip'
    )
    const before = offerBefore(harness.emulator)
    const run = await harness.run()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /::error::The offer has no active plan "enterprise"\. Its active plans are: .*standard.*premium|premium.*standard/
    )
    // The package was created while the plans were read, and deleted again.
    expectNothingLeftBehind(run, harness.emulator, before)
  })

  it('an unknown offer lists the Azure Application offers of the account (those the listing shows)', async () => {
    const run = await harness.run({ 'offer-id': 'contoso-ap' })
    expect(run.exitCode).toBe(1)
    // The 2026 service leaves migrated offers out of the listing (§9.18): none to list then.
    expect(run.stdout).toMatch(
      harness.emulator.profile.listingOmitsOffers
        ? /::error::No offer with the offer ID "contoso-ap" was found\..*set the `product-id` input/
        : /::error::No offer with the offer ID "contoso-ap".*offers in this account: .*contoso-app/
    )
  })

  it("a version lower than the plan's current one is refused, and the packages created ahead are deleted: nothing is left behind", async () => {
    const before = offerBefore(harness.emulator)
    const run = await harness.run({ version: '0.9.0' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /::error::Plan \w+: version 0\.9\.0 is lower than its current version 1\.0\.0\..*raise the version/
    )
    // Both plans' packages were created and uploaded while their configurations were read (one
    // round trip less), then deleted when the versions refused the run.
    expect(
      writeRequests(harness.emulator).filter((write) => write.startsWith('POST'))
    ).toHaveLength(2)
    expectNothingLeftBehind(run, harness.emulator, before)
  })

  it('a missing package file fails before any Partner Center call', async () => {
    await harness.write(
      'marketplace.yml',
      'offer: contoso-app\nplans:\n  - id: standard\n    package: build/absent.zip'
    )
    const run = await harness.run()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/::error::Plan standard: package .*absent\.zip does not exist/)
    // Only the sign-in may have started meanwhile (issue 16).
    expect(partnerCenterCalls(harness.emulator)).toEqual([])
    expect(run.outputs.status).toBe('failed')
    expect(run.summary).toContain('Nothing was changed in Partner Center')
  })

  it('a zip without createUiDefinition.json fails before any Partner Center call', async () => {
    await harness.write('build/standard.zip', [{ name: 'mainTemplate.json', data: '{}' }])
    const run = await harness.run()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /::error::Plan standard: .*standard\.zip lacks createUiDefinition\.json at the root/
    )
    expect(partnerCenterCalls(harness.emulator)).toEqual([])
  })

  it('an invalid manifest points at the line', async () => {
    await harness.write(
      'marketplace.yml',
      'offer: contoso-app\nplans:\n  - id: standard\n    pakage: build/standard.zip'
    )
    const run = await harness.run()
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(
      /::error title=Manifest error,file=marketplace\.yml,line=4,col=5::unknown field "pakage"/
    )
  })

  it('a bad input names the allowed values', async () => {
    const run = await harness.run({ target: 'production' })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      '::error::Input target is "production"; allowed values are draft, preview, live.'
    )
    expect(run.outputs.status).toBe('failed')
    // Refused on its inputs: not even the sign-in starts.
    expect(harness.emulator.requests).toEqual([])
  })

  it.each([
    [
      'an invalid manifest',
      'marketplace.yml',
      'offer: contoso-app\nplans:\n  - id: standard\n    pakage: build/standard.zip',
      /unknown field "pakage"/
    ],
    [
      'a missing package file',
      'marketplace.yml',
      'offer: contoso-app\nplans:\n  - id: standard\n    package: build/absent.zip',
      /package .*absent\.zip does not exist/
    ],
    [
      'a zip without createUiDefinition.json',
      'build/standard.zip',
      [{ name: 'mainTemplate.json', data: '{}' }],
      /standard\.zip lacks createUiDefinition\.json at the root/
    ]
  ])(
    '%s is what the run reports when the client secret is wrong too, with no Partner Center call',
    async (_case, file, content, expected) => {
      await harness.write(file, content)
      const wrong = 'not-the-right-secret-value'
      const run = await harness.run({ 'client-secret': wrong })
      expect(run.exitCode).toBe(1)
      expect(resultOf(run).error).toMatch(expected)
      // The sign-in ran meanwhile and failed; its failure is held for a call that never comes.
      expect(run.stdout + run.summary).not.toContain('AADSTS')
      expect(run.summary).not.toMatch(/sign-in failed/)
      expect(partnerCenterCalls(harness.emulator)).toEqual([])
      expect(harness.emulator.requests.length).toBeLessThanOrEqual(1)
      expectNoSecrets(run, harness.emulator, [wrong])
    }
  )

  it('a 403 from Partner Center explains the Manager role, with the ICH code and correlation id', async () => {
    harness.emulator.faults.add({
      path: /\/v1\.0\/ingestion\/products$/,
      status: 403,
      body: JSON.stringify(
        'ICH50403 - Forbidden. {"faultCode":50403,"reasonPhrase":"Forbidden","correlationId":"c0ffee00-0000-4000-8000-000000000001","operationId":"a1","data":{}}'
      )
    })
    const run = await harness.run({ command: 'status' })
    expect(run.exitCode).toBe(1)
    const error = run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? ''
    expect(error).toContain('403 ICH50403')
    expect(error).toContain('correlation id c0ffee00-0000-4000-8000-000000000001')
    expect(error).toContain('with the Manager role')
  })

  it('a wrong client secret says what to do, without the secret', async () => {
    const wrong = 'not-the-right-secret-value'
    const run = await harness.run({ 'client-secret': wrong })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(/::error::.*AADSTS7000215/)
    expectNoSecrets(run, harness.emulator, [wrong])
  })
})

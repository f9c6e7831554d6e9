import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { SAMPLE } from '../../emulator/index.js'
import { expectNoSecrets, resultOf, startHarness, writeRequests, type Harness } from './harness.js'

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(async () => {
  await harness.close()
})

describe('publish', () => {
  it('to draft: uploads both packages and binds them, and submits nothing', async () => {
    const run = await harness.run({ target: 'draft' })
    expect(run.exitCode).toBe(0)
    const offer = harness.emulator.inspect(SAMPLE.offerId)
    const packages = JSON.parse(run.outputs.packages)
    for (const plan of ['standard', 'premium']) {
      const configuration = offer.packageConfigurations.find((config) => config.planId === plan)!
      expect(configuration.version).toBe('1.2.3')
      expect(configuration.packageReferences).toEqual([
        { type: 'AzureApplicationPackage', value: packages[plan].packageId }
      ])
      const uploaded = offer.packages.find((pkg) => pkg.id === packages[plan].packageId)!
      expect(uploaded.state).toBe('Processed')
    }
    expect(offer.submissions.filter((submission) => submission.state === 'InProgress')).toEqual([])
    expect(run.outputs.status).toBe('draft-updated')
    expect(run.outputs['submission-id']).toBe('')
    expect(run.outputs['product-id']).toBe(offer.productId)
    expect(run.outputs['partner-center-url']).toContain(offer.productId)
    expect(run.summary).toContain('draft-updated')
    expect(run.summary).toContain('1.0.0 → 1.2.3')
    expectNoSecrets(run, harness.emulator)
  })

  it('to preview: creates one submission holding every module draft, including ResellerConfiguration', async () => {
    const run = await harness.run()
    expect(run.exitCode).toBe(0)
    const offer = harness.emulator.inspect(SAMPLE.offerId)
    const created = offer.submissions.find(
      (submission) => submission.id === run.outputs['submission-id']
    )!
    expect(created.target.toLowerCase()).toBe('preview')
    expect(created.resources.map((resource) => resource.type).sort()).toEqual([
      'Availability',
      'Listing',
      'Package',
      'Property',
      'ResellerConfiguration'
    ])
    expect(created.variantResources.map((entry) => entry.variantID).sort()).toEqual(
      offer.plans.map((plan) => plan.variantId).sort()
    )
    expect(run.outputs.status).toBe('submitted')
    expect(run.summary).toContain(run.outputs['submission-id'])
    expect(run.summary).toContain('Created submission')
    // One line says how the offer was found (listing, lookup or product-id), not two.
    const found = run.stdout.split('\n').filter((line) => line.includes(' is product '))
    expect(found).toHaveLength(1)
    expectNoSecrets(run, harness.emulator)
  })

  it('to live: two plans of both kinds, waits for the preview, promotes, and waits until live', async () => {
    const run = await harness.run({ target: 'live', 'wait-timeout': '5' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('live')
    const result = resultOf(run)
    expect(result.plans.map((plan) => plan.kind).sort()).toEqual([
      'managed-application',
      'solution-template'
    ])
    expect(result.plans.every((plan) => plan.state === 'bound')).toBe(true)
    const submission = harness.emulator
      .inspect(SAMPLE.offerId)
      .submissions.find((candidate) => candidate.id === run.outputs['submission-id'])!
    expect(`${submission.state}/${submission.substate}`).toBe('Published/InStore')
    const promotes = harness.emulator.requests.filter((request) => /\/promote$/i.test(request.path))
    expect(promotes).toHaveLength(1)
    expect(run.summary).toContain('Promoted submission')
    expect(run.summary).toMatch(/✅ Certification \d+ (s|min)/)
    expectNoSecrets(run, harness.emulator)
  })

  it('dry-run: signs in and reads, but no write call reaches the emulator', async () => {
    const run = await harness.run({ 'dry-run': 'true', target: 'live' })
    expect(run.exitCode).toBe(0)
    expect(writeRequests(harness.emulator)).toEqual([])
    expect(run.outputs.status).toBe('dry-run')
    expect(run.summary).toContain('dry run: nothing was changed')
    expect(run.summary).toMatch(
      /technical configuration 1\.0\.0 → 1\.2\.3 <em>\(not done: dry run\)/
    )
    expect(run.summary).toContain('Create a submission to preview')
  })

  it('identifies itself with a User-Agent naming the action and its version', async () => {
    await harness.run({ command: 'status' })
    const agents = new Set(
      harness.emulator.requests.map((request) => request.headers['user-agent'])
    )
    expect([...agents]).toEqual([
      expect.stringMatching(/^partner-center-publish-action\/\d+\.\d+\.\d+/)
    ])
  })

  it('a re-run with the same packages uploads nothing and follows the submission it made', async () => {
    // Certification slow enough that the first run's submission is still in progress.
    await harness.close()
    harness = await startHarness({ timings: { validation: 3600 } })
    const first = await harness.run()
    expect(first.exitCode).toBe(0)
    const packagesBefore = harness.emulator.inspect(SAMPLE.offerId).packages.length
    const second = await harness.run()
    expect(second.exitCode).toBe(0)
    const offer = harness.emulator.inspect(SAMPLE.offerId)
    expect(offer.packages).toHaveLength(packagesBefore)
    expect(second.outputs['submission-id']).toBe(first.outputs['submission-id'])
    expect(
      offer.submissions.filter((submission) => submission.state === 'InProgress')
    ).toHaveLength(1)
    expect(second.summary).toContain('already bound')
  })
})

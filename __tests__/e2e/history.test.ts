/**
 * A run's cost does not grow with the offer's history (issue 16): a publish to an offer with 1,
 * 50 or 500 earlier releases (processed packages, archived submissions) makes the same requests.
 * Counted on what reached the emulator, at its default page size of 2, where reading a whole
 * list would cost one request per two items.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { SAMPLE, type Emulator, type EmulatorOptions } from '../../emulator/index.js'
import { EARLIER_PACKAGE_SCAN_PAGES } from '../../src/engine/read/plan-packages.js'
import { startHarness, type Harness } from './harness.js'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.close()
  harness = undefined
})

/** Every request as `METHOD path`, ids replaced by `{id}`, sorted: what a run asked for. */
function requestShapes(emulator: Emulator): string[] {
  return emulator.requests
    .map((request) => {
      const path = request.path
        .replace(/\/blob\/.*/i, '/blob/{file}')
        .replace(/\/[0-9a-f-]{8,}(?=\/|$)/gi, '/{id}')
        .replace(/\(instanceID=[^)]*\)/i, '(instanceID={id})')
      return `${request.method} ${path}`
    })
    .sort()
}

/**
 * The service's own time stands still (speed 0) and a package is processed the moment it is
 * marked Uploaded: what the run asks for then depends on the offer and on nothing else. At the
 * harness's default (20 simulated seconds of processing at 600 times real time, about 33 ms) the
 * number of processing-wait reads (GET packages/{id}) followed how long the runner took between
 * marking a package Uploaded and its first read: two per package when that was quick, one when a
 * loaded machine made it slower than 33 ms, whatever the history; and a run longer than the
 * token's 3599 simulated seconds (6 s) would sign in again. Both vary with the machine, not with
 * the history this test is about; each package is still read once, and that read is counted.
 */
const TIMELESS: EmulatorOptions = { speed: 0, timings: { packageProcessing: 0 } }

async function publishWithHistory(releases: number): Promise<string[]> {
  harness = await startHarness(TIMELESS)
  harness.emulator.scenario.history(SAMPLE.offerId, releases)
  const run = await harness.run({ target: 'preview', 'wait-timeout': '0' })
  expect(run.exitCode).toBe(0)
  expect(run.outputs.status).toBe('submitted')
  const shapes = requestShapes(harness.emulator)
  await harness.close()
  harness = undefined
  return shapes
}

const PACKAGE_LIST = 'GET /v1.0/ingestion/products/{id}/packages'
const SUBMISSION_LIST = 'GET /v1.0/ingestion/products/{id}/submissions'

describe('cost independent of history', () => {
  it('a publish makes the same requests with 1, 50 and 500 earlier packages and submissions', async () => {
    const one = await publishWithHistory(1)
    const fifty = await publishWithHistory(50)
    const long = await publishWithHistory(500)
    expect(fifty).toEqual(one)
    expect(long).toEqual(one)
    // 500 packages are 250 pages here: the package list is scanned for a fixed number of pages,
    // the submission list (archived history left out, §5.13) is one page.
    expect(long.filter((shape) => shape === PACKAGE_LIST)).toHaveLength(EARLIER_PACKAGE_SCAN_PAGES)
    expect(long.filter((shape) => shape === SUBMISSION_LIST)).toHaveLength(1)
  })
})

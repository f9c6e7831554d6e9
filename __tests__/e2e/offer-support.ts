/**
 * Helpers of the offer-as-code end-to-end tests (issue 13): the emulator's drafts of the sample
 * offer as they are now, and the dry run → real run check that the plan is what is then done.
 */
import { expect } from '@jest/globals'
import { SAMPLE_PRODUCT_ID } from '../../emulator/seed.js'
import type { Change } from '../../src/engine/result.js'
import { Api } from '../emulator/support.js'
import { resultOf, writeRequests, type Harness } from './harness.js'

const COLLECTION = {
  Listing: 'listings',
  Property: 'properties',
  Availability: 'productAvailabilities'
} as const

/**
 * The sample offer's offer-level draft resource of `module`, as the emulator holds it now. By
 * the sample's GUID: the 2026 profile's product listing omits the offer (§9.18). Property names
 * are case-insensitive (§3.4): listing URIs' keys come back in lower case here.
 */
export async function offerDraft(
  h: Harness,
  module: keyof typeof COLLECTION
): Promise<Record<string, unknown>> {
  const api = await Api.create(h.emulator)
  const draft = await api.branch(SAMPLE_PRODUCT_ID, module)
  const [resource] = await api.all(
    `products/${SAMPLE_PRODUCT_ID}/${COLLECTION[module]}/getByInstanceID(instanceID=${draft})`
  )
  if (module === 'Listing') {
    resource.listingUris = (resource.listingUris as Record<string, unknown>[]).map((uri) =>
      Object.fromEntries(Object.entries(uri).map(([key, value]) => [key.toLowerCase(), value]))
    )
  }
  return resource as Record<string, unknown>
}

/** What a row of the plan says, without whether it was done. */
export const rows = (changes: Change[]) =>
  changes.map(({ kind, module, subject, field, from, to, diff }) => ({
    kind,
    module,
    subject,
    field,
    from,
    to,
    diff
  }))

/**
 * A dry run, then the real run of the workspace's manifest: the dry run writes nothing, the real
 * run does every row the dry run planned (the same rows, all done), and the writes that reach the
 * emulator are exactly the dry run's, in order.
 */
export async function dryRunThenPublish(h: Harness) {
  const dry = await h.run({ 'dry-run': 'true' })
  expect(dry.exitCode).toBe(0)
  expect(writeRequests(h.emulator)).toEqual([])
  const planned = resultOf(dry).changes
  const real = await h.run()
  expect(real.exitCode).toBe(0)
  const done = resultOf(real).changes
  expect(rows(done)).toEqual(rows(planned))
  expect(done.every((change) => change.done)).toBe(true)
  const made = writeRequests(h.emulator).map((write) =>
    write.replace(/^(\w+) \/v1\.0\/ingestion\/products\/[^/]+\/(\w+).*$/i, '$1 $2')
  )
  expect(made).toEqual([...new Set(planned.flatMap((change) => change.writes))])
  return { dry, real, planned }
}

/** Expects the run to have failed on this line of marketplace.yml, having sent nothing. */
export function expectRefusedOnLine(
  h: Harness,
  run: { exitCode: number | null; stdout: string },
  line: number,
  message: string
): void {
  expect(run.exitCode).not.toBe(0)
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  expect(run.stdout).toMatch(
    new RegExp(
      `::error title=Manifest error,file=marketplace\\.yml,line=${line},[^:]*::.*${escaped}`
    )
  )
  expect(h.emulator.requests.filter((request) => !/\/oauth2\//.test(request.path))).toEqual([])
}

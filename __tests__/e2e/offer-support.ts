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
 * The sample offer's draft resource of `module` (offer level, or the plan's with `planId`), as
 * the emulator holds it now. By
 * the sample's GUID: the 2026 profile's product listing omits the offer (§9.18). Property names
 * are case-insensitive (§3.4): listing URIs' keys come back in lower case here.
 */
export async function offerDraft(
  h: Harness,
  module: keyof typeof COLLECTION,
  planId?: string
): Promise<Record<string, unknown>> {
  const api = await Api.create(h.emulator)
  const variant = planId ? await api.variantId(SAMPLE_PRODUCT_ID, planId) : undefined
  const draft = await api.branch(SAMPLE_PRODUCT_ID, module, variant)
  // A plan's Availability draft holds its feature availability (§5.9).
  const collection =
    planId && module === 'Availability' ? 'featureAvailabilities' : COLLECTION[module]
  const [resource] = await api.all(
    `products/${SAMPLE_PRODUCT_ID}/${collection}/getByInstanceID(instanceID=${draft})`
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
 * emulator are exactly the dry run's, in order (but for the packages, uploaded ahead): one PUT
 * per resource whose fields change.
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
    write
      .replace(/^PUT \/blob\/.*$/, 'PUT blob')
      .replace(
        /^(\w+) \/v1\.0\/ingestion\/products\/[^/]+\/listings\/[^/]+\/images.*$/i,
        '$1 images'
      )
      .replace(/^(\w+) \/v1\.0\/ingestion\/products\/[^/]+\/(\w+).*$/i, '$1 $2')
  )
  // The field rows of one resource share its one PUT; every other change makes its own writes.
  const sameResource = (a: Change, b: Change) =>
    a.kind === 'update-field' &&
    b.kind === 'update-field' &&
    a.module === b.module &&
    a.subject === b.subject
  const expected = planned.flatMap((change, index) =>
    planned.slice(0, index).some((earlier) => sameResource(earlier, change)) ? [] : change.writes
  )
  // A new package is created and uploaded ahead, while the offer is read
  // (src/engine/apply/speculative-packages.ts); the other writes come in the plan's order.
  const ahead = (write: string) => /^(POST packages|PUT blob|PUT packages)$/.test(write)
  expect(made.filter((write) => !ahead(write))).toEqual(expected.filter((write) => !ahead(write)))
  expect(made.filter(ahead).sort()).toEqual(expected.filter(ahead).sort())
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

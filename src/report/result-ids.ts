import { checkId, GUID, PACKAGE_ID, PATH_SEGMENT, SUBMISSION_ID } from '../boundary/ids.js'
import type { RunResult } from '../engine/result.js'

/**
 * Checks every id the outputs carry against its known shape (src/boundary/ids.ts) before any
 * is written: a later step may put an output into a shell command, so an id a server sent
 * must not carry anything but the id. An id that fails is removed from the result, so no
 * output holds it, and a message naming it is returned.
 * @returns one message per refused id; empty when all are well-formed.
 */
export function refuseMalformedIds(result: RunResult): string[] {
  const refused: string[] = []
  const keep = (value: string | undefined, shape: RegExp, what: string): boolean => {
    if (value === undefined || value === '') return true
    try {
      checkId(value, shape, what)
      return true
    } catch (error) {
      refused.push(`${(error as Error).message} It was not written to the outputs.`)
      return false
    }
  }
  if (!keep(result.productId, GUID, 'product id Partner Center sent')) {
    result.productId = undefined
    result.partnerCenterUrl = undefined
  }
  if (
    result.submission &&
    !keep(result.submission.id, SUBMISSION_ID, 'submission id Partner Center sent')
  ) {
    result.submission = undefined
  }
  for (const plan of result.plans) {
    if (!keep(plan.packageId, PACKAGE_ID, `package id of plan ${plan.planId}`)) {
      plan.packageId = undefined
    }
    // A plan's variant id: also the id of a plan this run created (POST variants answers it).
    if (!keep(plan.variantId, PATH_SEGMENT, `variant id of plan ${plan.planId}`)) {
      plan.variantId = undefined
    }
  }
  return refused
}

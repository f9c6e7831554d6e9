import * as core from '@actions/core'
import type { RunResult } from '../engine/result.js'

/** The `packages` output: plan ID → what it got. */
export function packagesOutput(
  result: RunResult
): Record<string, { packageId?: string; version: string; file: string }> {
  return Object.fromEntries(
    result.plans.map((plan) => [
      plan.planId,
      { packageId: plan.packageId, version: plan.version, file: plan.file }
    ])
  )
}

/** Sets every output known so far; called before the step is failed, so a failure still reports. */
export function setOutputs(result: RunResult): void {
  core.setOutput('product-id', result.productId ?? '')
  core.setOutput('submission-id', result.submission?.id ?? '')
  core.setOutput('status', result.status ?? '')
  core.setOutput('partner-center-url', result.partnerCenterUrl ?? '')
  core.setOutput('packages', JSON.stringify(packagesOutput(result)))
  core.setOutput('matrix', result.matrix ? JSON.stringify(result.matrix) : '')
  core.setOutput('result', JSON.stringify(result))
}

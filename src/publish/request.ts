import path from 'node:path'
import type { Manifest } from '../manifest/manifest.js'
import type { Command, Target } from './result.js'

export type OnConflict = 'fail' | 'wait' | 'cancel'

/** What the user asked for, already validated: the engine's whole input besides its services. */
export interface RunRequest {
  command: Command
  /** The offer ID shown in Partner Center. */
  offerId: string
  /** The offer's product GUID, when the user gave it: the offer is not looked up then. */
  productId?: string
  /** For publish: the manifest. */
  manifest?: Manifest
  target: Target
  /** The `version` input: overrides every plan's version. */
  version?: string
  /** The release tag the run was started for (`refs/tags/v1.2.3`), the last fallback for versions. */
  ref?: string
  /** How long to wait for the target state after submitting; 0 returns once submitted. */
  waitTimeoutMs: number
  onConflict: OnConflict
  dryRun: boolean
}

/** A manifest plan with everything resolved: the absolute package path and the version. */
export interface PlannedPlan {
  planId: string
  packagePath: string
  /** Path as the user wrote it, for messages. */
  packageLabel: string
  version: string
}

export class RequestError extends Error {
  override name = 'RequestError'
}

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/** `refs/tags/v1.2.3` or `refs/tags/1.2.3` → `1.2.3`; anything else → undefined. */
export function versionFromRef(ref: string | undefined): string | undefined {
  const match = /^refs\/tags\/v?(.+)$/.exec(ref ?? '')
  return match && VERSION.test(match[1]) ? match[1] : undefined
}

/** Resolves each plan's version: the input, else the plan's, else the manifest's, else the tag. */
export function planPlans(request: RunRequest, manifest: Manifest): PlannedPlan[] {
  if (request.version !== undefined && !VERSION.test(request.version)) {
    throw new RequestError(
      `The version input "${request.version}" is not three numbers like 1.2.3, which Partner ` +
        `Center requires for a technical configuration.`
    )
  }
  const tagVersion = versionFromRef(request.ref)
  const folder = path.dirname(manifest.file)
  return manifest.plans.map((plan) => {
    const version = request.version ?? plan.version ?? manifest.version ?? tagVersion
    if (!version) {
      const tagNote = request.ref?.startsWith('refs/tags/')
        ? ` (the tag ${request.ref.slice('refs/tags/'.length)} is not a version like v1.2.3)`
        : ''
      throw new RequestError(
        `Plan "${plan.id}" has no version${tagNote}. Set \`version\` on the plan or at the top ` +
          `of the manifest, pass the \`version\` input, or run on a release tag such as v1.2.3.`
      )
    }
    return {
      planId: plan.id,
      packagePath: path.resolve(folder, plan.package),
      packageLabel: plan.package,
      version
    }
  })
}

/** Compares two three-part versions: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number)
  const right = b.split('.').map(Number)
  for (let index = 0; index < 3; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

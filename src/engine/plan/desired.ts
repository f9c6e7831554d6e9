import path from 'node:path'
import type { Manifest } from '../../manifest/manifest.js'
import { describeBadVersion, isVersion } from '../../manifest/version-rule.js'
import { RequestError, type RunRequest } from '../run-request.js'
import { naming } from '../../naming.js'

/**
 * The desired state a publish starts from: each manifest plan with its package and version
 * resolved, before anything is read from Partner Center.
 */

/** A manifest plan with everything resolved: the absolute package path and the version. */
export interface PlannedPlan {
  planId: string
  packagePath: string
  /** Path as the user wrote it, for messages. */
  packageLabel: string
  /** Three numbers; '' only when the caller does not need one (`check`) and none is given. */
  version: string
}

/** `refs/tags/v1.2.3` or `refs/tags/1.2.3` → `1.2.3`; anything else → undefined. */
export function versionFromRef(ref: string | undefined): string | undefined {
  const match = /^refs\/tags\/v?(.+)$/.exec(ref ?? '')
  return match && isVersion(match[1]) ? match[1] : undefined
}

/**
 * Resolves each plan's version: the input, else the plan's, else the manifest's, else the tag.
 * `versionRequired: false` (command `check`, which runs on pull requests, where there is no
 * release tag) leaves a plan without one at '' instead of refusing it; a malformed `version`
 * input is refused either way. Throws RequestError.
 */
export function planPlans(
  request: RunRequest,
  manifest: Manifest,
  { versionRequired = true }: { versionRequired?: boolean } = {}
): PlannedPlan[] {
  // The same rule, and the same message, as a version in the manifest.
  if (request.version !== undefined && !isVersion(request.version)) {
    throw new RequestError(describeBadVersion(naming().subject('version'), request.version))
  }
  const tagVersion = versionFromRef(request.ref)
  const folder = path.dirname(manifest.file)
  // A plan without a package is named for its listing or availability only.
  return manifest.plans
    .flatMap((plan) => (plan.package ? [{ ...plan, package: plan.package }] : []))
    .map((plan) => {
      const version = request.version ?? plan.version ?? manifest.version ?? tagVersion ?? ''
      if (!version && versionRequired) {
        const tagNote = request.ref?.startsWith('refs/tags/')
          ? ` (the tag ${request.ref.slice('refs/tags/'.length)} is not a version like v1.2.3)`
          : ''
        throw new RequestError(
          `Plan "${plan.id}" has no version${tagNote}. Set \`version\` on the plan or at the top ` +
            `of the manifest, pass ${naming().theInput('version')}, or run on a release tag such as v1.2.3.`
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

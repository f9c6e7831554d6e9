import path from 'node:path'
import { confinePath } from '../boundary/package-paths.js'
import { loadManifest, type Manifest } from '../manifest/manifest.js'
import { commandNamed } from '../commands/index.js'
import { checkListingImages, type CheckedImage } from '../engine/check/images.js'
import type { RunRequest } from '../engine/run-request.js'
import { InputError } from './input-error.js'
import type { RunFiles } from './run-inputs.js'
import type { Inputs } from './table.js'
import { naming } from '../naming.js'

/**
 * Turns the inputs into the engine's request: reads the manifest when the command needs it (its
 * descriptor says so); the others only need the offer ID, from the input or from the manifest
 * when there is one.
 * @param files what `checkRunFiles` found in the inputs (which it has already refused, if need be).
 * @throws ManifestError for a manifest that cannot be used; InputError when a command that signs
 * in finds no offer ID in the manifest either; PathRefusedError for a package outside the
 * workspace.
 */
export async function buildRunRequest(
  inputs: Inputs,
  files: RunFiles,
  ref: string | undefined
): Promise<RunRequest> {
  let manifest: Manifest | undefined
  let images: CheckedImage[] | undefined
  const { root } = files
  if (files.readsManifest) {
    manifest = await loadManifest(inputs.manifest, files.workspace)
    for (const plan of manifest.plans) {
      if (!plan.package) continue
      const what = `Plan ${plan.id}: package ${plan.package}`
      confinePath(plan.package, { base: path.dirname(manifest.file), root, what })
    }
    // The listing images, checked like the manifest, each on its line (publish and check).
    if (commandNamed(inputs.command).manifest === 'required') {
      images = await checkListingImages(manifest, root)
    }
  }
  const offerId = inputs.offerId ?? manifest?.offer
  // check reads only the packages: the offer is named in the summary when known.
  if (!offerId && commandNamed(inputs.command).signsIn) {
    throw new InputError(
      `The manifest ${inputs.manifest} has no \`offer\`, and ${naming().theInput('offer-id')} is empty: set one of them to the offer ID shown in Partner Center.`,
      'offer-id'
    )
  }
  return {
    command: inputs.command,
    exportFile: files.exportFile,
    offerId: offerId ?? '',
    productId: inputs.productId ?? manifest?.productId?.toLowerCase(),
    manifest,
    images,
    target: inputs.target,
    version: inputs.version,
    ref,
    waitTimeoutMs: inputs.waitTimeoutMinutes * 60_000,
    onConflict: inputs.onConflict,
    dryRun: inputs.dryRun,
    preflight: inputs.preflight,
    manifests: inputs.manifests,
    workspace: files.workspace
  }
}

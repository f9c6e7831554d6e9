import { existsSync } from 'node:fs'
import path from 'node:path'
import { confinePath } from '../boundary/package-paths.js'
import { loadManifest, type Manifest } from '../manifest/manifest.js'
import { commandNamed } from '../commands/index.js'
import { checkListingImages, type CheckedImage } from '../engine/check/images.js'
import type { RunRequest } from '../engine/run-request.js'
import { InputError } from './input-error.js'
import type { Inputs } from './table.js'
import { input, naming, words } from '../naming.js'

/**
 * Turns the inputs into the engine's request: reads the manifest when the command needs it (its
 * descriptor says so); the others only need the offer ID, from the input or from the manifest
 * when there is one.
 * @throws InputError when the command needs a manifest and there is none at the `manifest` input's
 * path, or when a command that signs in has no offer ID.
 * @param workspace GITHUB_WORKSPACE: the manifest and every package must be inside it (inside
 * the manifest's folder when it is not set). Throws PathRefusedError otherwise.
 */
export async function buildRunRequest(
  inputs: Inputs,
  ref: string | undefined,
  workspace: string | undefined
): Promise<RunRequest> {
  let manifest: Manifest | undefined
  let images: CheckedImage[] | undefined
  const needs = commandNamed(inputs.command).manifest
  if (needs === 'required' && !existsSync(inputs.manifest)) {
    // A required input with no usable value, like an empty offer-id: the CLI's usage error
    // (exit 2), an annotation on the workflow's `manifest` line in the action.
    throw new InputError(
      `${naming().subject('manifest')} is ${inputs.manifest}, which does not exist: create the ` +
        `manifest (the README's "The manifest" section) or set ${input('manifest')} to its path ` +
        `relative to ${words().root}.`,
      'manifest'
    )
  }
  if (
    needs === 'required' ||
    (needs === 'optional' && !inputs.offerId && existsSync(inputs.manifest))
  ) {
    const root = workspace || path.dirname(path.resolve(inputs.manifest))
    confinePath(inputs.manifest, { base: '.', root, what: `The manifest ${inputs.manifest}` })
    manifest = await loadManifest(inputs.manifest, workspace || process.cwd())
    for (const plan of manifest.plans) {
      if (!plan.package) continue
      const what = `Plan ${plan.id}: package ${plan.package}`
      confinePath(plan.package, { base: path.dirname(manifest.file), root, what })
    }
    // The listing images, checked like the manifest, each on its line (publish and check).
    if (needs === 'required') images = await checkListingImages(manifest, root)
  }
  const offerId = inputs.offerId ?? manifest?.offer
  // check reads only the packages: the offer is named in the summary when known.
  if (!offerId && commandNamed(inputs.command).signsIn) {
    throw new InputError(
      manifest
        ? `The manifest ${inputs.manifest} has no \`offer\`, and ${naming().theInput('offer-id')} is empty: set one of them to the offer ID shown in Partner Center.`
        : `${naming().subject('offer-id')} is empty and there is no manifest at ${inputs.manifest}: set ${input('offer-id')} to the offer ID shown in Partner Center.`,
      'offer-id'
    )
  }
  const root = workspace || process.cwd()
  return {
    command: inputs.command,
    exportFile: exportFileFor(inputs, root),
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
    workspace: workspace || process.cwd()
  }
}

/**
 * Where export writes its manifest: `marketplace.yml` in `export-path`, inside the workspace.
 * Never the manifest the `manifest` input names: an export would replace the hand-written one.
 * @throws PathRefusedError outside the workspace, InputError for the manifest itself.
 */
function exportFileFor(inputs: Inputs, root: string): string {
  const file = confinePath(path.join(inputs.exportPath, 'marketplace.yml'), {
    base: root,
    root,
    what: `The ${input('export-path')} ${inputs.exportPath}`
  })
  if (inputs.command === 'export' && file === path.resolve(root, inputs.manifest)) {
    throw new InputError(
      `${naming().subject('export-path')} ${inputs.exportPath} would write over the manifest ${inputs.manifest}. ` +
        'Export into another folder (the default is marketplace-export/) and compare the two.',
      'export-path'
    )
  }
  return file
}

import { existsSync } from 'node:fs'
import { loadManifest, type Manifest } from '../manifest/manifest.js'
import type { RunRequest } from '../publish/request.js'
import { InputError, type ActionInputs } from './inputs.js'

/**
 * Turns the inputs into the engine's request: reads the manifest (publish needs it; the other
 * commands only need the offer ID, from the input or from the manifest when there is one).
 */
export async function buildRunRequest(
  inputs: ActionInputs,
  ref: string | undefined
): Promise<RunRequest> {
  let manifest: Manifest | undefined
  if (inputs.command === 'publish' || (!inputs.offerId && existsSync(inputs.manifest))) {
    manifest = await loadManifest(inputs.manifest)
  }
  const offerId = inputs.offerId ?? manifest?.offer
  if (!offerId) {
    throw new InputError(
      manifest
        ? `The manifest ${inputs.manifest} has no \`offer\`, and the offer-id input is empty: set one of them to the offer ID shown in Partner Center.`
        : `Input offer-id is empty and there is no manifest at ${inputs.manifest}: set offer-id to the offer ID shown in Partner Center.`
    )
  }
  return {
    command: inputs.command,
    offerId,
    productId: inputs.productId ?? manifest?.productId?.toLowerCase(),
    manifest,
    target: inputs.target,
    version: inputs.version,
    ref,
    waitTimeoutMs: inputs.waitTimeoutMinutes * 60_000,
    onConflict: inputs.onConflict,
    dryRun: inputs.dryRun
  }
}

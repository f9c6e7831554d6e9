import type { Suggesting, Suggestion } from '../suggestions.js'
import type { Manifest } from '../manifest/manifest.js'
import type { CheckedImage } from './check/images.js'
import type { PreflightPolicy } from './check/packages.js'
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
  /** The manifest's listing images, checked locally when it was read (check/images.ts). */
  images?: CheckedImage[]
  target: Target
  /** The `version` input: overrides every plan's version. */
  version?: string
  /** The release tag the run was started for (`refs/tags/v1.2.3`), the last fallback for versions. */
  ref?: string
  /** How long to wait for the target state after submitting; 0 returns once submitted. */
  waitTimeoutMs: number
  onConflict: OnConflict
  dryRun: boolean
  /** For list: the glob that finds the manifests, relative to `workspace`. */
  manifests?: string
  /** The repository root (GITHUB_WORKSPACE, else the current folder): list searches it. */
  workspace?: string
  /** For export: the absolute path of the manifest file to write, inside the workspace. */
  exportFile?: string
  /** What pre-flight findings do; default `error`. */
  preflight?: PreflightPolicy
}

/** A request that cannot be carried out as asked; the message says what to change. */
export class RequestError extends Error implements Suggesting {
  override name = 'RequestError'

  /** @param suggests the settings or commands the message offers as ways out (src/suggestions.ts). */
  constructor(
    message: string,
    readonly suggests: readonly Suggestion[] = []
  ) {
    super(message)
  }
}

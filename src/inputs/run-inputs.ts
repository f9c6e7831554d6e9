import { existsSync } from 'node:fs'
import path from 'node:path'
import { confinePath, PathRefusedError } from '../boundary/package-paths.js'
import { commandNamed } from '../commands/index.js'
import { InputError } from './input-error.js'
import type { Inputs } from './table.js'
import { input, naming, words, type InputName } from '../naming.js'

/** What the inputs alone say about a run's files, before any of them is parsed. */
export interface RunFiles {
  /** Whether the manifest is read: the command needs it, or gets its offer ID from it. */
  readsManifest: boolean
  /** The manifest and every package must be inside it: GITHUB_WORKSPACE, else the manifest's folder. */
  root: string
  /** GITHUB_WORKSPACE, else the working directory: where relative paths start. */
  workspace: string
  /** Where export writes its manifest (`marketplace.yml` in export-path). */
  exportFile: string
}

/**
 * Refuses what the inputs alone show to be unusable, reading no file (only whether the manifest
 * exists): a command that needs a manifest with none at its path, a manifest outside the
 * workspace, a command that signs in with no offer ID and no manifest to take it from, an
 * export-path outside the workspace or onto the manifest. Cheap, and called before the sign-in
 * starts: a run refused on its inputs sends no request at all.
 * @param workspace GITHUB_WORKSPACE (undefined: the manifest's folder bounds the files).
 * @throws InputError naming the input, also for a path outside the workspace.
 */
export function checkRunFiles(inputs: Inputs, workspace: string | undefined): RunFiles {
  const needs = commandNamed(inputs.command).manifest
  const exists = existsSync(inputs.manifest)
  if (needs === 'required' && !exists) {
    // A required input with no usable value, like an empty offer-id: the CLI's usage error
    // (exit 2), an annotation on the workflow's `manifest` line in the action.
    throw new InputError(
      `${naming().subject('manifest')} is ${inputs.manifest}, which does not exist: create the ` +
        `manifest (the README's "The manifest" section) or set ${input('manifest')} to its path ` +
        `relative to ${words().root}.`,
      'manifest'
    )
  }
  const readsManifest = needs === 'required' || (needs === 'optional' && !inputs.offerId && exists)
  const root = workspace || path.dirname(path.resolve(inputs.manifest))
  if (readsManifest) {
    refusedAsInput('manifest', () =>
      confinePath(inputs.manifest, { base: '.', root, what: `The manifest ${inputs.manifest}` })
    )
  } else if (!inputs.offerId && commandNamed(inputs.command).signsIn) {
    throw new InputError(
      `${naming().subject('offer-id')} is empty and there is no manifest at ${inputs.manifest}: set ${input('offer-id')} to the offer ID shown in Partner Center.`,
      'offer-id'
    )
  }
  const base = workspace || process.cwd()
  return { readsManifest, root, workspace: base, exportFile: exportFileFor(inputs, base) }
}

/**
 * Where export writes its manifest: `marketplace.yml` in `export-path`, inside the workspace.
 * Never the manifest the `manifest` input names: an export would replace the hand-written one.
 * @throws InputError outside the workspace, or for the manifest itself.
 */
function exportFileFor(inputs: Inputs, root: string): string {
  const file = refusedAsInput('export-path', () =>
    confinePath(path.join(inputs.exportPath, 'marketplace.yml'), {
      base: root,
      root,
      what: `The ${input('export-path')} ${inputs.exportPath}`,
      advice: 'give a folder inside it'
    })
  )
  if (inputs.command === 'export' && file === path.resolve(root, inputs.manifest)) {
    throw new InputError(
      `${naming().subject('export-path')} ${inputs.exportPath} would write over the manifest ${inputs.manifest}. ` +
        'Export into another folder (the default is marketplace-export/) and compare the two.',
      'export-path'
    )
  }
  return file
}

/** A path input that leaves the workspace is a value the input refuses (CLI exit code 2). */
function refusedAsInput<T>(name: InputName, confine: () => T): T {
  try {
    return confine()
  } catch (error) {
    if (error instanceof PathRefusedError) throw new InputError(error.message, name)
    throw error
  }
}

import path from 'node:path'
import { glob } from 'tinyglobby'
import { confinePath } from '../boundary/package-paths.js'
import type { EngineContext } from '../engine/context.js'
import type { MatrixEntry } from '../engine/result.js'
import { RequestError } from '../engine/run-request.js'
import { InputError } from '../inputs/input-error.js'
import { loadManifest } from '../manifest/manifest.js'
import { DEFAULT_MANIFESTS } from './index.js'
import { naming, words } from '../naming.js'

/**
 * The most entries a matrix may have: GitHub runs at most 256 jobs per matrix (GitHub Actions
 * documentation, "Using a matrix for your jobs"), so a longer list could never all run.
 */
export const MAX_MATRIX_ENTRIES = 256

/**
 * A manifest path that may go into an output a later job puts into `with:` or a shell: letters,
 * digits and `._-/` only, so no quote, `$`, backtick, space or line break rides along.
 */
const SAFE_PATH = /^[A-Za-z0-9._/-]{1,300}$/

/**
 * list: finds the repository's manifests by the `manifests` glob (node_modules ignored), reads
 * the offer each names, and records one matrix entry per offer for `strategy.matrix` with
 * `fromJSON`. Signs in to nothing and calls nothing.
 * @throws InputError when the glob finds none or too many (the CLI's usage error), RequestError
 *   when two name the same offer or a manifest cannot be listed.
 */
export async function runList(context: EngineContext): Promise<void> {
  const entries = await context.group('Find the manifests', () => findOffers(context))
  context.recorder.matrix(entries)
  context.recorder.status('listed')
  for (const entry of entries) context.logger.info(`${entry.offer}: ${entry.manifest}`)
  context.recorder.note(
    `${entries.length} offer(s) found by ${context.request.manifests ?? DEFAULT_MANIFESTS}; ` +
      `${words().matrixListed}.`
  )
}

/**
 * The glob is walked from the workspace and must stay in it: an absolute one, or one with a `..`
 * segment, would walk folders outside (all of them, with `/**`) before any file is refused.
 * @throws InputError for such a glob.
 */
function refuseOutsideGlob(pattern: string): void {
  const normalised = pattern.replace(/\\/g, '/')
  if (
    !path.posix.isAbsolute(normalised) &&
    !path.win32.isAbsolute(pattern) &&
    !normalised.split('/').includes('..')
  )
    return
  throw new InputError(
    `${naming().subject('manifests')} is ${JSON.stringify(pattern)}: give a glob inside ${words().root}, ` +
      'relative to it, with no `..`.',
    'manifests'
  )
}

async function findOffers(context: EngineContext): Promise<MatrixEntry[]> {
  const pattern = context.request.manifests ?? DEFAULT_MANIFESTS
  const workspace = path.resolve(context.request.workspace ?? process.cwd())
  refuseOutsideGlob(pattern)
  const files = (
    await glob(pattern, {
      cwd: workspace,
      ignore: ['**/node_modules/**'],
      onlyFiles: true,
      expandDirectories: false,
      // A symlinked folder may lead out of the workspace (to `/`: the whole disk is walked) or
      // back into it (a loop: the same manifest found twice, as two offers).
      followSymbolicLinks: false
    })
  ).sort()
  if (files.length === 0) {
    throw new InputError(
      `No manifest matches ${JSON.stringify(pattern)} in ${workspace} (node_modules is ignored). ` +
        `Check ${naming().theInput('manifests')} (a glob relative to ${words().root})${words().rootHint}.`,
      'manifests'
    )
  }
  if (files.length > MAX_MATRIX_ENTRIES) {
    throw new InputError(
      `${files.length} manifests match ${JSON.stringify(pattern)}; a matrix runs at most ` +
        `${MAX_MATRIX_ENTRIES} jobs. Narrow ${naming().theInput('manifests')}, or list in several jobs.`,
      'manifests'
    )
  }
  const byOffer = new Map<string, string>()
  const entries: MatrixEntry[] = []
  for (const file of files) {
    const shown = file.split(path.sep).join('/')
    if (!SAFE_PATH.test(shown)) {
      throw new RequestError(
        `The manifest path ${JSON.stringify(shown)} has characters a matrix does not carry ` +
          '(only letters, digits and "._-/" do): rename its folder or file.'
      )
    }
    const absolute = confinePath(file, { base: workspace, root: workspace, what: `${shown}` })
    const manifest = await loadManifest(absolute, workspace)
    if (!manifest.offer) {
      throw new RequestError(
        `The manifest ${shown} has no \`offer\`: list needs each manifest to name its offer ID.`
      )
    }
    const earlier = byOffer.get(manifest.offer.toLowerCase())
    if (earlier) {
      // Offer IDs are case-insensitive in Partner Center's lookups (engine/read/find-offer.ts).
      throw new RequestError(
        `Two manifests name the offer ${manifest.offer}: ${earlier} and ${shown}. Each offer ` +
          `must be published from one manifest; remove one, or narrow ${naming().theInput('manifests')}.`
      )
    }
    byOffer.set(manifest.offer.toLowerCase(), shown)
    entries.push({ manifest: shown, offer: manifest.offer })
  }
  return entries
}

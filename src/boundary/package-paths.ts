import { realpathSync, statSync, type Stats } from 'node:fs'
import path from 'node:path'
import { words } from '../naming.js'

/**
 * Where the files the action reads may be: inside the workspace (GITHUB_WORKSPACE, or the
 * manifest's folder when the action runs outside GitHub Actions). A pull request that edits
 * the manifest must not make the action upload `/etc/passwd`-like files, a file behind a
 * symlink, or another checkout's secrets as a package.
 */

/** A path that leaves its root, or that is not a file. The message names it and the root. */
export class PathRefusedError extends Error {
  override name = 'PathRefusedError'
}

export interface ConfineOptions {
  /** The folder a relative `file` is read from. */
  base: string
  /** The folder `file` must stay in, once every symlink is resolved. */
  root: string
  /** Names the file for messages: "Plan standard: package build/a.zip". */
  what: string
  /** What to do instead, ending the message; "build or copy it there" (a file to read) by default. */
  advice?: string
}

/**
 * Resolves `file` against `base`, follows every symlink, and checks that the result is inside
 * `root` (also with its symlinks resolved). A file that does not exist yet is checked by its
 * nearest existing folder, and returned as resolved, so that its reader can say it is missing.
 * @returns the absolute path, symlinks resolved when the file exists.
 * @throws PathRefusedError when the path leaves `root`, or names a folder.
 */
export function confinePath(file: string, options: ConfineOptions): string {
  const root = realpathOrSelf(path.resolve(options.root))
  const resolved = path.resolve(options.base, file)
  const real = realExistingPath(resolved)
  if (!isInside(real, root)) {
    throw new PathRefusedError(
      `${options.what} resolves to ${real}, outside ${root}. Files ${words().tool} reads and writes ` +
        `must be in the workspace (symlinks are followed before this check); ` +
        `${options.advice ?? 'build or copy it there'}.`
    )
  }
  const stats = statOrUndefined(real)
  if (stats === undefined) return resolved
  if (stats.isDirectory()) {
    throw new PathRefusedError(`${options.what} is a folder (${real}), not a file: name the file.`)
  }
  return real
}

function isInside(candidate: string, root: string): boolean {
  const relative = path.relative(root, candidate)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/** The real path of `file`, or of its nearest existing ancestor joined with the rest. */
function realExistingPath(file: string): string {
  let existing = file
  const rest: string[] = []
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest)
    } catch {
      const parent = path.dirname(existing)
      if (parent === existing) return file
      rest.unshift(path.basename(existing))
      existing = parent
    }
  }
}

function realpathOrSelf(folder: string): string {
  try {
    return realpathSync(folder)
  } catch {
    return folder
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file)
  } catch {
    return undefined
  }
}

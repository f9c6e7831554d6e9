/*
 * The manifest's error apart from its reader, so that the action's shell can recognise it
 * without loading the YAML parser and the compiled schema (start-up, issue 16).
 */

/** One thing wrong in a manifest: where (1-based line and column, when known) and what to do. */
export interface ManifestProblem {
  /** The manifest's path as shown to the user: relative to the workspace when inside it. */
  file: string
  line?: number
  column?: number
  message: string
}

/**
 * A manifest that cannot be used. The message names the file, line and column, and the fix, one
 * problem per line; `problems` holds the same as data, for annotations pinned on the file.
 */
export class ManifestError extends Error {
  override name = 'ManifestError'

  constructor(readonly problems: ManifestProblem[]) {
    super(
      problems.length === 1
        ? located(problems[0])
        : `The manifest is not valid:\n  ${problems.map(located).join('\n  ')}`
    )
  }
}

function located({ file, line, column, message }: ManifestProblem): string {
  return `${file}${line ? `:${line}:${column ?? 1}` : ''}: ${message}`
}

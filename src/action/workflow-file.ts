import { readFileSync } from 'node:fs'
import path from 'node:path'

/** A place in the workflow file, relative to the workspace, for an annotation. */
export interface WorkflowPlace {
  file: string
  /** 1-based. */
  line: number
  column: number
}

/**
 * Where the running workflow sets an input (`name:` under a step's `with:`), for an annotation
 * on that line. The workflow is `GITHUB_WORKFLOW_REF` (`owner/repo/.github/workflows/x.yml@ref`),
 * read from the workspace when the job checked it out. Only a name set on exactly one line is
 * placed: with several steps setting it, which one ran is not known. Undefined otherwise.
 */
export function findInputInWorkflow(
  input: string,
  environment: NodeJS.ProcessEnv
): WorkflowPlace | undefined {
  const file = /^[^/]+\/[^/]+\/(\.github\/workflows\/[^@]+)@/.exec(
    environment.GITHUB_WORKFLOW_REF ?? ''
  )?.[1]
  const workspace = environment.GITHUB_WORKSPACE
  if (!file || !workspace) return undefined
  let text: string
  try {
    text = readFileSync(path.join(workspace, file), 'utf8')
  } catch {
    return undefined
  }
  return findInputLine(text, input, file)
}

/** The one line of `text` that sets `input:` (as a key), or undefined. */
export function findInputLine(
  text: string,
  input: string,
  file: string
): WorkflowPlace | undefined {
  const key = new RegExp(`^(\\s*)${input.replace(/[-]/g, '\\-')}\\s*:`)
  const places = text.split(/\r?\n/).flatMap((line, index) => {
    const match = key.exec(line)
    return match ? [{ file, line: index + 1, column: match[1].length + 1 }] : []
  })
  return places.length === 1 ? places[0] : undefined
}

import * as core from '@actions/core'
import { ManifestError } from '../manifest/manifest-error.js'
import type { RunResult, ValidationMessage } from '../engine/result.js'
import { InputError } from './inputs.js'
import { failureMessage } from '../report/outcome.js'
import type { WorkflowPlace } from './workflow-file.js'
import { commandText } from './logger.js'

/** One annotation as the runner shows it: on the run's page and, with a `file`, on that file. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  /** The cause comes first: GitHub shows the first line of an annotation in its list. */
  message: string
  properties: core.AnnotationProperties
}

/**
 * GitHub keeps 10 error and 10 warning annotations per step (50 per job); a failed submission
 * can carry thousands of validation messages. Beyond this many, one annotation says how many
 * more there are and where they are.
 */
export const MAX_VALIDATION_ANNOTATIONS = 10

/**
 * The annotations of a run: for a manifest error one per problem, pinned on the file's line
 * (`file` relative to GITHUB_WORKSPACE, as GitHub needs); one per validation message with its
 * code and severity; the failure itself, cause first; and the run's notes.
 * `cause` is the error thrown before the engine started (inputs, manifest, sign-in), if any;
 * `workflow` finds where the workflow sets an input (see findInputInWorkflow).
 */
export function buildAnnotations(
  result: RunResult,
  cause?: unknown,
  workflow: (input: string) => WorkflowPlace | undefined = () => undefined
): Annotation[] {
  const annotations: Annotation[] = []
  if (cause instanceof ManifestError) {
    for (const problem of cause.problems) {
      // The problem quotes the manifest (an unknown field's name, a value): outside text, which
      // the result's strings have been cleaned of but the cause's problems have not.
      annotations.push({
        level: 'error',
        message: commandText(problem.message),
        properties: {
          title: 'Manifest error',
          file: problem.file,
          startLine: problem.line,
          startColumn: problem.column
        }
      })
    }
  }
  annotations.push(...validationAnnotations(result.validations))
  if (result.status === 'failed' && !(cause instanceof ManifestError)) {
    // No title: the runner then shows the cause itself as the annotation's heading. An input
    // error is pinned on the workflow line that sets the input, when that line is known.
    const place = cause instanceof InputError && cause.input ? workflow(cause.input) : undefined
    annotations.push({
      level: 'error',
      message: failureMessage(result),
      properties: place
        ? { file: place.file, startLine: place.line, startColumn: place.column }
        : {}
    })
  }
  for (const note of result.notes) {
    annotations.push({ level: 'notice', message: note, properties: {} })
  }
  return annotations
}

function validationAnnotations(validations: ValidationMessage[]): Annotation[] {
  const shown = validations.slice(0, MAX_VALIDATION_ANNOTATIONS).map((item): Annotation => ({
    level: /warn/i.test(item.severity)
      ? 'warning'
      : /info/i.test(item.severity)
        ? 'notice'
        : 'error',
    message:
      `${item.code ? `${item.code}: ` : ''}${plainText(item.message)}` +
      (item.resource ? ` (${plainText(item.resource)})` : ''),
    properties: { title: `Partner Center validation ${plainText(item.severity).toLowerCase()}` }
  }))
  const more = validations.length - shown.length
  if (more > 0) {
    shown.push({
      level: 'error',
      message: `${more} more validation messages: all are in the job summary and the \`result\` output.`,
      properties: { title: 'Partner Center validation' }
    })
  }
  return shown
}

/**
 * Server text on one line without control characters: the runner escapes line breaks in an
 * annotation, but a terminal escape or a lone carriage return would still garble the log.
 */
function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim()
}

/** Prints the annotations; the runner turns each `::error …::` line into one. */
export function writeAnnotations(annotations: Annotation[]): void {
  for (const { level, message, properties } of annotations) {
    if (level === 'error') core.error(message, properties)
    else if (level === 'warning') core.warning(message, properties)
    else core.notice(message, properties)
  }
}

import * as core from '@actions/core'
import type { RunResult } from '../engine/result.js'

/**
 * One annotation per pre-flight finding: an error or a warning titled with the rule, giving the
 * plan, the file inside the package zip with its line and column, what is wrong and the fix.
 * The place is in the message, not in the annotation's `file`, which must be a path in the
 * repository: the template lives inside the zip.
 */
export function annotatePreflight(result: RunResult): void {
  for (const finding of result.preflight?.findings ?? []) {
    const message =
      `Plan ${finding.planId}: ${finding.file}:${finding.line}:${finding.column} ` +
      `(${finding.path}): ${finding.message} Fix: ${finding.fix}`
    const properties = { title: `${finding.rule} (pre-flight)` }
    if (finding.severity === 'error') core.error(message, properties)
    else core.warning(message, properties)
  }
  for (const { rule, reason } of result.preflight?.skipped ?? []) {
    core.notice(`Pre-flight rule "${rule}" skipped: ${reason}`)
  }
}

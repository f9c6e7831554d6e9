import * as core from '@actions/core'
import { renderSummary, type SummaryView } from '../report/summary.js'

/**
 * Writes the job summary (rendered by src/report/summary.ts) through core.summary to
 * GITHUB_STEP_SUMMARY. A summary must never fail the job, so a problem becomes a warning.
 */
export async function writeSummary(view: SummaryView): Promise<void> {
  try {
    await core.summary.addRaw(renderSummary(view)).write()
  } catch (error) {
    core.warning(
      `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

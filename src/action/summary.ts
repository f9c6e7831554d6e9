import * as core from '@actions/core'
import type { RunResult } from '../engine/result.js'

/**
 * `core.summary` inserts strings as raw HTML, and much of what we show comes from Partner Center
 * (names, states, validation messages): escape all of it.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** Escapes a sentence of ours and shows its `code` spans as code. */
function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

const STATUS_ICON: Record<string, string> = {
  'draft-updated': '📝',
  submitted: '📤',
  'preview-ready': '👀',
  publishing: '⏳',
  live: '✅',
  cancelled: '🛑',
  failed: '❌',
  'dry-run': '🔍',
  'no-submission': '∅'
}

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('')
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>\n`
}

function size(bytes: number | undefined): string {
  if (bytes === undefined) return ''
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`
}

/** The job summary as HTML: what was asked, what changed and what did not, and what to do next. */
export function renderSummary(result: RunResult): string {
  const parts: string[] = []
  const status = result.status ?? 'failed'
  const what = result.title ?? result.command
  parts.push(
    `<h2>${STATUS_ICON[status] ?? '•'} Partner Center: ${escapeHtml(what)} — ${escapeHtml(status)}</h2>\n`
  )
  const offer = escapeHtml(result.offerId ?? '(unknown offer)')
  const link = result.partnerCenterUrl
    ? ` · <a href="${escapeHtml(result.partnerCenterUrl)}">open in Partner Center</a>`
    : ''
  parts.push(
    `<p>Offer <code>${offer}</code>${result.productId ? ` (product <code>${escapeHtml(result.productId)}</code>)` : ''}${link}${result.dryRun ? ' · <strong>dry run: nothing was changed</strong>' : ''}</p>\n`
  )
  if (result.error) parts.push(`<p>❌ <strong>${prose(result.error)}</strong></p>\n`)

  if (result.plans.length > 0) {
    parts.push('<h3>Plans</h3>\n')
    parts.push(
      table(
        ['Plan', 'Kind', 'Package', 'Size', 'Version', 'Package ID', 'State'],
        result.plans.map((plan) => [
          plan.planId,
          plan.kind ?? '',
          plan.file,
          size(plan.size),
          plan.previousVersion && plan.previousVersion !== plan.version
            ? `${plan.previousVersion} → ${plan.version}`
            : plan.version,
          plan.packageId ?? '',
          plan.state
        ])
      )
    )
  }

  if (result.submission) {
    const submission = result.submission
    parts.push('<h3>Submission</h3>\n')
    parts.push(
      table(
        ['ID', 'Target', 'State', 'This run'],
        [
          [
            submission.id,
            submission.target,
            `${submission.state}/${submission.substate}`,
            submission.action
          ]
        ]
      )
    )
    if (submission.steps.length > 0) {
      parts.push(
        table(
          ['Environment', 'Step', 'State'],
          submission.steps.map((step) => [step.environment, step.name, step.state])
        )
      )
    }
  }

  parts.push(renderPreflight(result))

  if (result.validations.length > 0) {
    parts.push('<h3>Validation messages</h3>\n')
    parts.push(
      table(
        ['Severity', 'Code', 'Message', 'Resource'],
        result.validations.map((item) => [
          item.severity,
          item.code ?? '',
          item.message,
          item.resource ?? ''
        ])
      )
    )
  }

  if (result.dryRun) parts.push(planTable(result))
  parts.push('<h3>Changes</h3>\n')
  if (result.changes.length === 0) {
    parts.push('<p>Nothing was changed in Partner Center.</p>\n')
  } else {
    const items = result.changes
      .map(
        (change) =>
          `<li>${change.done ? '✔️' : '○'} ${escapeHtml(change.description)}${change.done ? '' : result.dryRun ? ' <em>(not done: dry run)</em>' : ' <em>(not changed)</em>'}</li>`
      )
      .join('')
    parts.push(`<ul>${items}</ul>\n`)
  }

  if (result.notes.length > 0) {
    parts.push(
      `<h3>Next</h3>\n<ul>${result.notes.map((note) => `<li>${prose(note)}</li>`).join('')}</ul>\n`
    )
  }

  if (result.phases.length > 0) {
    parts.push(
      `<details><summary>Timing</summary>\n\n${table(
        ['Phase', 'Seconds'],
        result.phases.map((phase) => [phase.name, phase.seconds.toFixed(1)])
      )}</details>\n`
    )
  }
  return parts.join('')
}

/**
 * A dry run's plan as a table, one row per change (Terraform's plan): what it changes, from what
 * to what, and the writes that would do it.
 */
function planTable(result: RunResult): string {
  if (result.changes.length === 0) {
    return '<h3>Plan</h3>\n<p>No changes: Partner Center already holds what was asked for.</p>\n'
  }
  return `<h3>Plan</h3>\n${table(
    ['Change', 'Module', 'Offer or plan', 'From', 'To', 'Writes'],
    result.changes.map((change) => [
      change.kind,
      change.module,
      change.subject,
      change.from ?? '',
      change.to ?? '',
      change.writes.join(', ') || 'none'
    ])
  )}`
}

/**
 * The pre-flight's section: the policy, each finding with its place and fix, the rules skipped
 * with their reasons; empty when the pre-flight did not run. Template text is escaped.
 */
export function renderPreflight(result: RunResult): string {
  const report = result.preflight
  if (!report) return ''
  const errors = report.findings.filter((finding) => finding.severity === 'error').length
  const parts = [
    `<h3>Pre-flight</h3>\n<p>ARM Template Test Toolkit rules, policy <code>${escapeHtml(report.policy)}</code>: ${errors} error(s), ${report.findings.length - errors} warning(s).</p>\n`
  ]
  if (report.findings.length > 0) {
    parts.push(
      table(
        ['Severity', 'Rule', 'Plan', 'File', 'Line:column', 'Path', 'Problem', 'Fix'],
        report.findings.map((finding) => [
          finding.severity,
          finding.rule,
          finding.planId,
          finding.file,
          `${finding.line}:${finding.column}`,
          finding.path,
          finding.message,
          finding.fix
        ])
      )
    )
  }
  if (report.skipped.length > 0) {
    const items = report.skipped
      .map(({ rule, reason }) => `<li>${escapeHtml(rule)}: ${escapeHtml(reason)}</li>`)
      .join('')
    parts.push(`<p>Skipped by the manifest:</p><ul>${items}</ul>\n`)
  }
  return parts.join('')
}

/** Writes the job summary; a summary must never fail the job, so problems become a warning. */
export async function writeSummary(result: RunResult): Promise<void> {
  try {
    await core.summary.addRaw(renderSummary(result)).write()
  } catch (error) {
    core.warning(
      `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

/**
 * The run's summary as HTML blocks (GitHub's job summary renders them; the CLI prints them as text
 * through summary-text.ts): one function per section, bounded to GitHub's 1 MiB. Imports no
 * `@actions/core`, so the CLI's bundle carries none; the action writes it with core.summary
 * (src/action/summary.ts).
 */
import type { RunResult, SubmissionReport, WorkflowStepReport } from '../engine/result.js'
import { isFailedStepState, submissionPhase } from '../engine/read/submission-state.js'
import {
  commandLabel,
  failureKind,
  failureMessage,
  nextSteps,
  outcomeLabel,
  type FailureKind
} from './outcome.js'
import { input, words, type InputName } from '../naming.js'

/** Everything the summary shows: the run's result and what the shell knows around it. */
export interface SummaryView {
  result: RunResult
  /** Set when the run failed. */
  kind?: FailureKind
  /** The inputs as given, secrets already replaced (see `inputsForSummary`). */
  inputs: [name: InputName, value: string][]
  /** The action's own version (package.json). */
  version: string
}

/** Builds the view from a result and the error thrown before the engine started, if any. */
export function summaryView(
  result: RunResult,
  context: { cause?: unknown; inputs: [InputName, string][]; version: string }
): SummaryView {
  return {
    result,
    kind: failureKind(result, context.cause),
    inputs: context.inputs,
    version: context.version
  }
}

/**
 * GitHub drops a step summary over 1 MiB whole (seen in issue #11: a 2.3 MB summary): the summary
 * is kept below this many bytes, with a note of what was cut.
 */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024

/** The validation table's share of that: thousands of messages fit, the rest are counted. */
const VALIDATION_BUDGET_BYTES = 640 * 1024
const CHANGES_BUDGET_BYTES = 128 * 1024

// ── Text ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Text from outside (Partner Center, inputs) as inert HTML: HTML and Markdown punctuation become
 * character references, and line breaks become `<br>` with blank lines removed. The summary is
 * HTML blocks, and a block ends only at a blank line: with none in the text, GitHub's Markdown
 * never starts inside it, so no link, image, heading or tag can form (issue #11 item 6).
 */
export function escapeText(text: string): string {
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line) =>
      line
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
        .replace(/[&<>"'`[\]()*_~!#|\\]/g, (char) => `&#${char.charCodeAt(0)};`)
    )
    .filter((line) => line.trim() !== '')
    .join('<br>')
}

/** A value for an HTML attribute (a link of ours): only what would end or break the attribute. */
function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** A sentence of ours: escaped, with its `code` spans shown as code. */
function prose(text: string): string {
  return text
    .split('`')
    .map((part, index) => (index % 2 === 1 ? `<code>${escapeText(part)}</code>` : escapeText(part)))
    .join('')
}

function table(headers: string[], rows: string[][]): string {
  const head = headers.map((header) => `<th>${escapeText(header)}</th>`).join('')
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
  return `<table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>\n`
}

const list = (items: string[]): string =>
  `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>\n`

const heading = (text: string): string => `<h3>${escapeText(text)}</h3>\n`

/** Bytes in the largest binary unit that keeps the number above 1: `512 B`, `1.5 MiB`. */
export function size(bytes: number | undefined): string {
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

/** A duration in the largest units that say it: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000)
  if (seconds < 90) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`
}

// ── Sections: each renders one block or nothing; the summary is their list, in order ──────────

export type Section = (view: SummaryView) => string

const STATUS_ICON: Record<string, string> = {
  'draft-updated': '📝',
  submitted: '📤',
  'preview-ready': '👀',
  publishing: '⏳',
  live: '✅',
  cancelled: '🛑',
  failed: '❌',
  'dry-run': '🔍',
  'no-submission': '∅',
  listed: '🗂️'
}

/** The title always names the command and the outcome. */
export const titleSection: Section = ({ result, kind }) =>
  `<h2>${STATUS_ICON[result.status ?? 'failed'] ?? '•'} Partner Center ${escapeText(
    commandLabel(result)
  )}: ${escapeText(outcomeLabel(result, kind))}</h2>\n`

export const offerSection: Section = ({ result }) => {
  const parts = result.offerId ? [`Offer <code>${escapeText(result.offerId)}</code>`] : []
  if (result.productId) parts.push(`product <code>${escapeText(result.productId)}</code>`)
  // The value of the `status` output, which later steps read.
  if (result.status) parts.push(`status <code>${escapeText(result.status)}</code>`)
  if (result.partnerCenterUrl) {
    parts.push(
      `<a href="${escapeAttribute(result.partnerCenterUrl)}">Open the offer in Partner Center</a>`
    )
  }
  if (result.dryRun) parts.push('<strong>dry run: nothing was changed</strong>')
  return `<p>${parts.join(' · ')}</p>\n`
}

/**
 * For a failure: the error as one item (a message of several lines stays one, its lines apart),
 * then how many validation errors there are.
 */
export const whatHappenedSection: Section = ({ result, kind }) => {
  if (!kind) return ''
  const items = [prose(failureMessage(result).trim())]
  const errors = result.validations.filter((item) => !/warn|info/i.test(item.severity)).length
  // Without an error of the run, the failure message above counts them already.
  if (errors > 0 && result.error) {
    items.push(
      `Partner Center reported ${errors} validation error${errors === 1 ? '' : 's'}: see <em>Validation messages</em> below.`
    )
  }
  return heading('❌ What happened') + list(items)
}

export const plansSection: Section = ({ result }) => {
  if (result.plans.length === 0) return ''
  return (
    heading('Plans') +
    table(
      ['Plan', 'Kind', 'Package', 'Size', 'Version', 'Package ID', 'State'],
      result.plans.map((plan) =>
        [
          plan.planId,
          plan.kind ?? '',
          plan.file,
          size(plan.size),
          plan.previousVersion && plan.previousVersion !== plan.version
            ? `${plan.previousVersion} → ${plan.version}`
            : plan.version,
          plan.packageId ?? '',
          plan.state
        ].map(escapeText)
      )
    )
  )
}

/**
 * Where the submission is going: it is created for preview (§5.13), and once promoted its
 * target is live, whatever its `targets` still say.
 */
export function submissionTarget(submission: SubmissionReport): string {
  const phase = submissionPhase(submission)
  return submission.action === 'promoted' || phase === 'publishing' || phase === 'live'
    ? 'live'
    : submission.target.toLowerCase()
}

export const submissionSection: Section = ({ result }) => {
  const submission = result.submission
  if (!submission) return ''
  return (
    heading('Submission') +
    table(
      ['ID', 'Target', 'State', 'This run'],
      [
        [
          submission.id,
          submissionTarget(submission),
          `${submission.state}/${submission.substate}`,
          submission.action
        ].map(escapeText)
      ]
    ) +
    timeline(submission.steps)
  )
}

function stepIcon(step: WorkflowStepReport): string {
  if (isFailedStepState(step.state)) return '❌'
  if (/success|complete|succeeded/i.test(step.state)) return '✅'
  if (/progress|running/i.test(step.state)) return '⏳'
  return '⏸️'
}

function stepTime(step: WorkflowStepReport): string {
  const started = Date.parse(step.started ?? '')
  const completed = Date.parse(step.completed ?? '')
  if (Number.isFinite(started) && Number.isFinite(completed) && completed >= started) {
    return ` ${duration(completed - started)}`
  }
  if (Number.isFinite(started) && /progress|running/i.test(step.state)) {
    return ` since ${new Date(started).toISOString().slice(11, 16)} UTC`
  }
  return /notstarted|waiting|pending/i.test(step.state) ? ' waiting' : ''
}

/** The workflow steps, one line per environment: `✅ Validation 4 min → ⏳ Certification …`. */
function timeline(steps: WorkflowStepReport[]): string {
  if (steps.length === 0) return ''
  const environments = [...new Set(steps.map((step) => step.environment))]
  const lines = environments.map((environment) => {
    const own = steps.filter((step) => step.environment === environment)
    const flow = own
      .map((step) => `${stepIcon(step)} ${escapeText(step.name)}${escapeText(stepTime(step))}`)
      .join(' → ')
    return `<li><strong>${escapeText(environment || 'Workflow')}</strong>: ${flow}</li>`
  })
  return `<ul>${lines.join('')}</ul>\n`
}

/**
 * Fits rows into a byte budget, keeping the first: returns how many fit. Used for lists that
 * Partner Center can make arbitrarily long (thousands of validation messages).
 */
function rowsWithin(rows: string[][], budget: number): number {
  let used = 0
  for (let index = 0; index < rows.length; index++) {
    used += Buffer.byteLength(rows[index].join('')) + 20
    if (used > budget) return index
  }
  return rows.length
}

export const validationSection: Section = ({ result }) => {
  if (result.validations.length === 0) return ''
  const rows = result.validations.map((item) =>
    [item.severity, item.code ?? '', item.message, item.resource ?? ''].map(escapeText)
  )
  const shown = rowsWithin(rows, VALIDATION_BUDGET_BYTES)
  const cut =
    shown < rows.length
      ? `<p><em>${rows.length - shown} more validation messages are not shown here, to keep the summary within GitHub's 1 MiB: ${prose(words().resultOutput)} has all ${rows.length}.</em></p>\n`
      : ''
  return (
    heading('Validation messages') +
    table(['Severity', 'Code', 'Message', 'Resource'], rows.slice(0, shown)) +
    cut
  )
}

export const changesSection: Section = ({ result }) => {
  const items = result.changes.map((change) => {
    const mark = change.done ? '✔️' : '○'
    const why = change.done
      ? ''
      : result.dryRun
        ? ' <em>(not done: dry run)</em>'
        : ' <em>(not done)</em>'
    return `${mark} ${escapeText(change.description)}${why}`
  })
  if (items.length === 0) {
    return heading('What was changed') + '<p>Nothing was changed in Partner Center.</p>\n'
  }
  const shown = rowsWithin(
    items.map((item) => [item]),
    CHANGES_BUDGET_BYTES
  )
  const more = items.length - shown
  return (
    heading('What was changed') +
    list(items.slice(0, shown)) +
    (more > 0
      ? `<p><em>${more} more changes: ${prose(words().resultOutput)} lists them all.</em></p>\n`
      : '')
  )
}

/**
 * A dry run's plan as a table, one row per change (Terraform's plan): what it changes, from what
 * to what, and the writes that would do it.
 */
export const planSection: Section = ({ result }) => {
  if (!result.dryRun || result.status === 'failed') return ''
  if (result.changes.length === 0) {
    return heading('Plan') + '<p>No changes: Partner Center already holds what was asked for.</p>\n'
  }
  const rows = result.changes.map((change) =>
    [
      change.kind,
      change.module,
      change.subject,
      change.field ?? '',
      change.from ?? '',
      change.to ?? '',
      change.writes.join(', ') || 'none'
    ].map(escapeText)
  )
  const shown = rowsWithin(rows, CHANGES_BUDGET_BYTES)
  return (
    heading('Plan') +
    table(
      ['Change', 'Module', 'Offer or plan', 'Field', 'From', 'To', 'Writes'],
      rows.slice(0, shown)
    ) +
    (shown < rows.length
      ? `<p><em>${rows.length - shown} more changes: ${prose(words().resultOutput)} lists them all.</em></p>\n`
      : '') +
    textDiffs(result.changes.slice(0, shown))
  )
}

/** Long texts' changes as unified diffs, each in a collapsed section under the plan's table. */
function textDiffs(changes: RunResult['changes']): string {
  return changes
    .filter((change) => change.diff)
    .map(
      (change) =>
        `<details><summary>${escapeText(`${change.module} · ${change.subject} · ${change.field ?? ''}`)}: diff</summary>\n` +
        // escapeText keeps the block free of blank lines, so no Markdown forms inside it.
        `<pre>${escapeText(change.diff!)}</pre>\n</details>\n`
    )
    .join('')
}

/**
 * The pre-flight's section: the policy, each finding with its place and fix, the rules skipped
 * with their reasons; empty when the pre-flight did not run. Template text is escaped.
 */
export const preflightSection: Section = ({ result }) => {
  const report = result.preflight
  if (!report) return ''
  const errors = report.findings.filter((finding) => finding.severity === 'error').length
  const parts = [
    heading('Pre-flight') +
      `<p>ARM Template Test Toolkit rules, policy <code>${escapeText(report.policy)}</code>: ${errors} error(s), ${report.findings.length - errors} warning(s).</p>\n`
  ]
  const rows = report.findings.map((finding) =>
    [
      finding.severity,
      finding.rule,
      finding.planId,
      finding.file,
      `${finding.line}:${finding.column}`,
      finding.path,
      finding.message,
      finding.fix
    ].map(escapeText)
  )
  const shown = rowsWithin(rows, VALIDATION_BUDGET_BYTES)
  if (rows.length > 0) {
    parts.push(
      table(
        ['Severity', 'Rule', 'Plan', 'File', 'Line:column', 'Path', 'Problem', 'Fix'],
        rows.slice(0, shown)
      )
    )
  }
  if (shown < rows.length) {
    parts.push(
      `<p><em>${rows.length - shown} more findings: ${prose(words().resultOutput)} lists them all.</em></p>\n`
    )
  }
  if (report.skipped.length > 0) {
    parts.push(
      '<p>Skipped by the manifest:</p>' +
        list(report.skipped.map(({ rule, reason }) => `${escapeText(rule)}: ${escapeText(reason)}`))
    )
  }
  return parts.join('')
}

export const nextSection: Section = ({ result, kind }) => {
  const steps = nextSteps(result, kind)
  return steps.length > 0 ? heading('What to do next') + list(steps.map(prose)) : ''
}

export const inputsSection: Section = ({ inputs }) =>
  inputs.length === 0
    ? ''
    : `<details><summary>${escapeText(words().setting)}s used</summary>\n\n${table(
        [words().setting, 'Value'],
        inputs.map(([name, value]) => [
          `<code>${escapeText(input(name))}</code>`,
          escapeText(value)
        ])
      )}</details>\n`

export const timingSection: Section = ({ result }) =>
  result.phases.length === 0
    ? ''
    : `<details><summary>Timing</summary>\n\n${table(
        ['Phase', 'Seconds'],
        result.phases.map((phase) => [escapeText(phase.name), phase.seconds.toFixed(1)])
      )}</details>\n`

/** command list: the offers found, as the matrix output lists them (the CLI's `--json`). */
export const matrixSection: Section = ({ result }) =>
  !result.matrix?.length
    ? ''
    : heading('Offers found') +
      table(
        ['Offer', 'Manifest'],
        result.matrix.map((entry) => [
          `<code>${escapeText(entry.offer)}</code>`,
          `<code>${escapeText(entry.manifest)}</code>`
        ])
      )

export const footerSection: Section = ({ version }) =>
  `<p><sub>partner-center-publish-action ${escapeText(version)}</sub></p>\n`

/**
 * The sections in order: the gist first (title, offer, what happened, what was changed, what to
 * do next), then the details. A new section is a function here and one entry in this list.
 */
export const SECTIONS: Section[] = [
  titleSection,
  offerSection,
  whatHappenedSection,
  changesSection,
  matrixSection,
  planSection,
  nextSection,
  preflightSection,
  plansSection,
  submissionSection,
  validationSection,
  inputsSection,
  timingSection,
  footerSection
]

/**
 * The job summary as HTML blocks, one per section of SECTIONS. Kept under SUMMARY_LIMIT_BYTES:
 * a section that does not fit in what is left is left out (the long lists bound themselves
 * first), and a closing note says how many were.
 */
export function renderSummary(view: SummaryView): string {
  const kept: string[] = []
  let used = 0
  let dropped = 0
  for (const block of SECTIONS.map((section) => section(view)).filter(Boolean)) {
    const bytes = Buffer.byteLength(block)
    if (used + bytes <= SUMMARY_LIMIT_BYTES) {
      kept.push(block)
      used += bytes
    } else {
      dropped++
    }
  }
  if (dropped > 0) {
    kept.push(
      `<p><em>${dropped} section(s) of this summary were left out to keep it within GitHub's 1 MiB limit; ${prose(words().resultOutput)} has the whole result.</em></p>\n`
    )
  }
  return kept.join('')
}

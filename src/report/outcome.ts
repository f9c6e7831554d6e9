import { SignInError } from '../auth/sign-in-error.js'
import { ManifestError } from '../manifest/manifest-error.js'
import type { RunResult } from '../engine/result.js'
import { InputError } from '../inputs/input-error.js'
import { commandLine, input, naming, setting, words } from '../naming.js'

/**
 * What kind of failure ended a run, for its title and for what to do next: the inputs, the
 * manifest or sign-in (found before anything is read from Partner Center), a submission that
 * Partner Center failed, or any other error the engine reported.
 */
export type FailureKind = 'input' | 'manifest' | 'sign-in' | 'submission' | 'cancelled' | 'other'

/** The job was cancelled (SIGINT/SIGTERM from the runner) while the command ran. */
export class JobCancelledError extends Error {
  override name = 'JobCancelledError'
}

/**
 * `cause`: the error thrown before the engine started, or the cancellation. A sign-in error met
 * inside the engine (the token is fetched on the first call) is told by the class name the
 * recorder kept, never by the words of a message, which a server may have written.
 */
export function failureKind(result: RunResult, cause?: unknown): FailureKind | undefined {
  if (result.status !== 'failed') return undefined
  if (cause instanceof JobCancelledError) return 'cancelled'
  // An input found wrong inside the engine (list's glob matching nothing): told by class name too.
  if (cause instanceof InputError || result.errorName === 'InputError') return 'input'
  if (cause instanceof ManifestError) return 'manifest'
  if (result.validations.length > 0 || submissionFailed(result)) return 'submission'
  if (cause instanceof SignInError || result.errorName === 'SignInError') return 'sign-in'
  return 'other'
}

function submissionFailed(result: RunResult): boolean {
  return /fail/i.test(`${result.submission?.state}/${result.submission?.substate}`)
}

const kindTitle = (): Record<FailureKind, string> => ({
  input: words().inputError,
  manifest: 'manifest error',
  'sign-in': 'sign-in failed',
  submission: 'Partner Center failed the submission',
  cancelled: words().cancelled,
  other: 'failed'
})

/** What the command was: `publish to preview`, `publish to live (dry run)`, `status`… */
export function commandLabel(result: RunResult): string {
  // The command's descriptor titles the run (src/commands/); an input error leaves no title.
  const what =
    result.title ??
    (result.command === 'publish' && result.target ? `publish to ${result.target}` : result.command)
  return result.dryRun ? `${what} (dry run)` : what
}

const STATUS_LABEL: Record<string, string> = {
  'draft-updated': 'draft updated',
  submitted: 'submitted, in progress',
  'preview-ready': 'preview ready',
  publishing: 'going live',
  live: 'live',
  cancelled: 'cancelled',
  'dry-run': 'planned, nothing changed',
  'no-submission': 'no submission',
  listed: 'offers listed'
}

/** The outcome in a few words: `preview ready`, `failed — manifest error`… */
export function outcomeLabel(result: RunResult, kind: FailureKind | undefined): string {
  if (kind) return kind === 'other' ? 'failed' : `failed — ${kindTitle()[kind]}`
  return STATUS_LABEL[result.status ?? ''] ?? result.status ?? 'unknown'
}

/**
 * The failure in one message whose first line is the cause: the error, or for a submission
 * that failed without one (`command: status` reporting it) its state and how many errors.
 */
export function failureMessage(result: RunResult): string {
  if (result.error) return result.error
  const submission = result.submission
  if (!submission) return 'The command failed.'
  const errors = result.validations.filter((item) => !/warn|info/i.test(item.severity)).length
  return (
    `Submission ${submission.id} failed in Partner Center (${submission.state}/${submission.substate})` +
    (errors > 0 ? ` with ${errors} validation error${errors === 1 ? '' : 's'}.` : '.')
  )
}

/** What to do after each kind of failure; a cancelled run's own note says how to finish. */
const advice = (): Partial<Record<FailureKind, string>> => ({
  input: words().fixInput,
  manifest: `Fix the manifest ${words().manifestError}; add \`# yaml-language-server: $schema=…\` as its first line (see the README) to have your editor check it as you type.`,
  'sign-in':
    'Check the app registration, its credential and its Manager role in Partner Center: docs/sign-in.md walks through each sign-in method.',
  submission:
    'Fix what the validation messages name (in the package or in the offer in Partner Center), then run the same publish again.',
  other:
    'Fix what the message above names and run the same command again: a re-run continues with what this run left.'
})

/**
 * What to do next, each item one action: the inputs the error itself suggests (`on-conflict:
 * cancel`, `command: go-live`), the advice for its kind, what follows from the state reached
 * (promote a ready preview, follow certification, run a dry run for real), and the run's notes.
 */
export function nextSteps(result: RunResult, kind: FailureKind | undefined): string[] {
  const steps: string[] = []
  // The ways out the error offers, e.g. `on-conflict: cancel`, as our code attached them to it
  // (src/suggestions.ts): never read from the message, which may quote a server.
  const suggested = result.suggestions ?? []
  if (suggested.length > 0) steps.push(`Run again with one of: ${suggested.join(', ')}.`)
  const forKind = kind && advice()[kind]
  if (forKind) steps.push(forKind)
  if (result.status === 'preview-ready') {
    steps.push(
      `The preview is ready: check the offer in preview, then ${naming().run('go-live')} to publish it live.`
    )
  }
  if (result.command === 'status' && result.status === 'submitted') {
    steps.push(`Partner Center is still working on it: ${naming().run('status')} again later.`)
  }
  if (result.command === 'go-live' && result.status === 'publishing') {
    steps.push(
      `Certification takes hours: follow it with ${commandLine('status')}, or set \`${input('wait-timeout')}\` to wait for it.`
    )
  }
  if (result.status === 'dry-run') {
    steps.push(`To make these changes, run again with \`${setting('dry-run', 'false')}\`.`)
  }
  return [...steps, ...result.notes]
}

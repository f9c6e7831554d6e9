import { ACTION_VERSION, USER_AGENT } from '../action/version.js'
import { neutraliseLines } from '../boundary/log-text.js'
import { mapStrings } from '../boundary/strings.js'
import { COMMAND_NAMES } from '../commands/index.js'
import { newRunResult } from '../engine/result.js'
import { inputsForSummary, readInputs } from '../inputs/read.js'
import { failureKind, JobCancelledError } from '../report/outcome.js'
import { refuseMalformedIds } from '../report/result-ids.js'
import { renderSummary, summaryView } from '../report/summary.js'
import { summaryLines, type LineStyle, type SummaryLine } from '../report/summary-text.js'
import { runOnce } from '../shell/run-once.js'
import { buildProgram, isInformational, usageErrorText, type CliRequest } from './program.js'
import { cliInputSource, cliSignIn } from './sign-in.js'
import { CLI_NAMING } from './naming.js'
import { useNaming } from '../naming.js'
import { paint, terminalFrom, terminalLogger, type Style, type Terminal } from './terminal.js'

/**
 * The CLI's exit codes: 0 done, 1 failed, 2 usage error (a bad flag or flag value), and for a run
 * stopped by a signal 128 + its number, as shells report it: 130 for Ctrl-C (SIGINT), 143 for
 * SIGTERM.
 */
export const EXIT = { done: 0, failed: 1, usage: 2, interrupted: 130, terminated: 143 } as const

/** Ctrl-C and `kill`: what was done is reported, then the exit code says which stopped the run. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: EXIT.interrupted,
  SIGTERM: EXIT.terminated
}

/**
 * The CLI: parses the command line (generated from the inputs table), runs the command on the
 * action's engine (runOnce, as the action does), and prints the result: the job summary as text,
 * or with --json the result object. Ctrl-C stops the run like a cancelled job: what was done is
 * reported. Returns the exit code (EXIT): 0 done, 1 failed, 2 usage error, 130/143 stopped.
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env
): Promise<number> {
  // Every message from here on names flags and subcommands (src/naming.ts).
  useNaming(CLI_NAMING)
  let request: CliRequest | undefined
  try {
    await buildProgram((asked) => (request = asked)).parseAsync(argv, { from: 'user' })
  } catch (error) {
    if (isInformational(error)) return EXIT.done
    // A script that asked for --json reads stdout: the usage error reaches it as a result too.
    if (asksForJson(argv)) writeUsageFailure(argv, error, terminalFrom(env))
    return EXIT.usage
  }
  if (!request) return EXIT.usage
  return runRequest(request, env)
}

/** Whether `--json` is among the options (not after `--`, where it would be an operand). */
function asksForJson(argv: string[]): boolean {
  const end = argv.indexOf('--')
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json')
}

/**
 * The result object of a command line that did not parse (commander has told stderr why): the
 * shape of every result, failed, as an input error, for the command named if one is. Its text
 * is commander's, through the boundary (`usageErrorText`).
 */
function writeUsageFailure(argv: string[], error: unknown, terminal: Terminal): void {
  const command = argv.find((arg) => COMMAND_NAMES.includes(arg)) ?? ''
  const message = error instanceof Error ? error.message : String(error)
  const result = {
    ...newRunResult(command, false),
    status: 'failed',
    error: usageErrorText(message).replace(/^error: /, ''),
    errorName: 'InputError'
  }
  terminal.out.write(`${JSON.stringify(result, null, 2)}\n`)
}

async function runRequest(request: CliRequest, env: NodeJS.ProcessEnv): Promise<number> {
  const terminal = terminalFrom(env)
  const logger = terminalLogger(terminal, env)
  const cancellation = new AbortController()
  let stoppedBy: NodeJS.Signals | undefined
  const onSignal = (signal: NodeJS.Signals): void => {
    stoppedBy = signal
    logger.warning(`${signal} received: stopping and reporting what was done.`)
    cancellation.abort(new JobCancelledError('Interrupted before the command finished.'))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const source = cliInputSource({ ...request.flags, command: request.command }, env)
  const ports = { logger, signal: cancellation.signal, env }
  const { result: raw, caught } = await runOnce(
    () => readInputs(source, { appOptional: true }),
    { ...ports, group: logger.group, progress: logger.progress, signIn: cliSignIn(ports) },
    USER_AGENT
  ).finally(() => {
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  })
  // What is printed is read by people and scripts: no secret in any form, no server control text.
  const result = mapStrings(raw, logger.resultText)
  const refused = refuseMalformedIds(result)
  if (refused.length > 0) {
    result.status = 'failed'
    result.error = [result.error, ...refused].filter(Boolean).join(' ')
  }
  if (request.json) {
    // The object a workflow's `result` output holds (its messages name flags, as the summary's).
    terminal.out.write(`${JSON.stringify(result, null, 2)}\n`)
  } else {
    const view = summaryView(result, {
      cause: caught,
      inputs: inputsForSummary((name) => request.flags[name]),
      version: ACTION_VERSION
    })
    const lines = summaryLines(renderSummary(view))
    terminal.out.write(
      `${lines.map((line) => painted(terminal, line, result.status)).join('\n')}\n`
    )
  }
  // All is reported: should an abandoned socket still hold the process after Ctrl-C, leave anyway.
  if (cancellation.signal.aborted) setTimeout(() => process.exit(), 1000).unref()
  if (stoppedBy) return SIGNAL_EXIT[stoppedBy] ?? EXIT.failed
  if (failureKind(result, caught) === 'input') return EXIT.usage
  return result.status === 'failed' ? EXIT.failed : EXIT.done
}

/**
 * A line of the summary as the terminal shows it, neutralised once more as it leaves (whatever
 * the rendering did, no control character of the text reaches the terminal), then coloured on a
 * colour terminal: the title red on failure and green otherwise, headings bold, a diff's added
 * lines green and removed lines red, its headers dim.
 */
function painted(terminal: Terminal, line: SummaryLine, status: string | undefined): string {
  const text = neutraliseLines(line.text)
  if (!line.style) return text
  if (line.style === 'title') return paint(terminal, status === 'failed' ? 'red' : 'green', text)
  return paint(terminal, LINE_COLOUR[line.style], text)
}

const LINE_COLOUR: Record<Exclude<LineStyle, 'title'>, Style> = {
  heading: 'bold',
  added: 'green',
  removed: 'red',
  hunk: 'dim'
}

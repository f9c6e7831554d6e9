import { boundText, neutraliseLines, neutraliseText } from '../boundary/log-text.js'
import { SecretScrubber } from '../boundary/secrets.js'
import type { Services } from '../engine/context.js'
import type { Logger } from '../logging.js'
import type { Progress } from '../progress.js'
import { progressBars } from './progress-bars.js'

/** Where the CLI writes, and whether it may decorate: colour on a TTY, never with NO_COLOR. */
export interface Terminal {
  /** The run's log: stderr, so that stdout holds only the result (text or --json). */
  log: NodeJS.WritableStream
  out: NodeJS.WritableStream
  /**
   * Colour on stdout: it is a TTY, NO_COLOR is unset or empty (no-color.org), and TERM is not
   * dumb. `logColour` is the same for the log, on stderr: either may be a file while the other
   * is a terminal (`2>run.log`), and a file gets no escape sequence.
   */
  colour: boolean
  logColour: boolean
  /**
   * Progress bars redrawn in place: stdout and the log are both a TTY, and neither NO_COLOR nor
   * TERM=dumb asks for plain output; otherwise the log is plain lines, as in the action's log.
   */
  live: boolean
}

/** A stream as the terminal checks it: Node's `isTTY` on a TTY stream, absent on a pipe or file. */
type Stream = NodeJS.WritableStream & { isTTY?: boolean }

/**
 * What the streams are: the seam through which tests give the CLI a terminal.
 * @param streams stdout and stderr by default.
 */
export function terminalFrom(
  env: NodeJS.ProcessEnv,
  streams: { out: Stream; log: Stream } = { out: process.stdout, log: process.stderr }
): Terminal {
  const outIsTty = streams.out.isTTY === true
  const logIsTty = streams.log.isTTY === true
  const plain = Boolean(env.NO_COLOR) || env.TERM === 'dumb'
  return {
    log: streams.log,
    out: streams.out,
    colour: outIsTty && !plain,
    logColour: logIsTty && !plain,
    live: outIsTty && logIsTty && !plain
  }
}

const STYLES = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], green: [32, 39] }
export type Style = keyof typeof STYLES

/** `text` in `style` when the terminal takes colour; as it is otherwise. */
export function paint(terminal: Terminal, style: Style, text: string): string {
  if (!terminal.colour) return text
  const [on, off] = STYLES[style]
  return `\u001b[${on}m${text}\u001b[${off}m`
}

/** The CLI's Logger, and the rest of what the run writes to the terminal through it. */
export interface TerminalLog extends Logger {
  /** A string of the result: line breaks kept, every other control character neutralised. */
  resultText: (text: string) => string
  /** A phase of the run as a heading line (the action's log groups). */
  group: Services['group']
  /** Bars for uploads and waits on a live terminal; none elsewhere (plain log lines). */
  progress?: Progress
  /** With `progress`: settles once its bars can be drawn (their library loads in the background). */
  progressLoaded?: Promise<void>
}

/**
 * The CLI's Logger: every line scrubbed of the run's secrets in every form, neutralised (no
 * control character a server sent reaches the terminal), and bounded, as the action's Logger
 * does (the messages name flags themselves: src/cli/naming.ts). Debug lines only with PARTNER_CENTER_DEBUG=1. On a
 * live terminal uploads and waits are bars below the log (src/cli/progress-bars.ts).
 */
export function terminalLogger(terminal: Terminal, env: NodeJS.ProcessEnv): TerminalLog {
  const secrets = new SecretScrubber()
  // The log is painted as the log's stream allows, not as stdout's.
  const log: Terminal = { ...terminal, colour: terminal.logColour }
  const line = (text: string) => boundText(neutraliseText(secrets.scrub(text)))
  const bars = terminal.live ? progressBars(terminal.log, line) : undefined
  const write = bars ? bars.line : (text: string) => terminal.log.write(`${text}\n`)
  return {
    resultText: (text) => boundText(neutraliseLines(secrets.scrub(text))),
    debug: (message) => {
      if (env.PARTNER_CENTER_DEBUG === '1') write(paint(log, 'dim', line(message)))
    },
    info: (message) => write(line(message)),
    warning: (message) => write(paint(log, 'yellow', `warning: ${line(message)}`)),
    secret: (value) => {
      if (value) secrets.add(value)
    },
    group: async (name, work) => {
      write(paint(log, 'bold', `▸ ${name}`))
      return work()
    },
    progress: bars,
    progressLoaded: bars?.loaded
  }
}

import { boundText, neutraliseLines, neutraliseText } from '../boundary/log-text.js'
import { SecretScrubber } from '../boundary/secrets.js'
import type { Services } from '../engine/context.js'
import type { Logger } from '../logging.js'
import { inCliTerms } from './wording.js'

/** Where the CLI writes, and whether it may decorate: colour on a TTY, never with NO_COLOR. */
export interface Terminal {
  /** The run's log: stderr, so that stdout holds only the result (text or --json). */
  log: NodeJS.WritableStream
  out: NodeJS.WritableStream
  /** Colour: stdout is a TTY and NO_COLOR is unset or empty (no-color.org). */
  colour: boolean
  /** Progress redrawn in place: stdout and the log are both a TTY (NO_COLOR does not matter). */
  live: boolean
}

export function terminalFrom(env: NodeJS.ProcessEnv): Terminal {
  return {
    log: process.stderr,
    out: process.stdout,
    colour: Boolean(process.stdout.isTTY) && !env.NO_COLOR,
    live: Boolean(process.stdout.isTTY && process.stderr.isTTY)
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

/** The upload's progress lines (src/storage/blob-upload.ts): `Uploading a.zip: 1 MiB of 4 MiB (25%)`. */
const PROGRESS_LINE = /^Uploading .+ \(\d{1,3}%\)$/
const CLEAR_LINE = '\r\u001b[K'

/**
 * The CLI's Logger: every line scrubbed of the run's secrets in every form, neutralised (no
 * control character a server sent reaches the terminal) and bounded, as the action's Logger
 * does. Debug lines only with PARTNER_CENTER_DEBUG=1. On a live terminal an upload's progress
 * is one line redrawn in place; elsewhere each is a plain line, as in the action's log.
 */
export function terminalLogger(
  terminal: Terminal,
  env: NodeJS.ProcessEnv
): Logger & { resultText: (text: string) => string } {
  const secrets = new SecretScrubber()
  const line = (text: string) => inCliTerms(boundText(neutraliseText(secrets.scrub(text))))
  // A progress line on a live terminal is redrawn in place until the next line replaces it.
  let transient = false
  const write = (text: string) => {
    const progress = terminal.live && PROGRESS_LINE.test(text)
    if (transient) terminal.log.write(CLEAR_LINE)
    terminal.log.write(progress ? text : `${text}\n`)
    transient = progress
  }
  return {
    // A string of the result: line breaks kept, every other control character neutralised.
    resultText: (text) => boundText(neutraliseLines(secrets.scrub(text))),
    debug: (message) => {
      if (env.PARTNER_CENTER_DEBUG === '1') write(paint(terminal, 'dim', line(message)))
    },
    info: (message) => write(line(message)),
    warning: (message) => write(paint(terminal, 'yellow', `warning: ${line(message)}`)),
    secret: (value) => {
      if (value) secrets.add(value)
    }
  }
}

/** A phase of the run as a heading line (the action's log groups). */
export function terminalGroup(terminal: Terminal): Services['group'] {
  return async (name, work) => {
    terminal.log.write(`${paint(terminal, 'bold', `▸ ${name}`)}\n`)
    return work()
  }
}

/**
 * What a person sees on GitHub, as text: the step's log with the runner's workflow commands
 * applied rather than printed (groups as headings, masked values as ***, debug lines hidden
 * unless asked, annotations as the runner shows them), and the job summary's HTML as readable
 * text with its tables (headers included) and link addresses. Used by `npm run demo`.
 */

export interface RunnerLog {
  /** The log lines as the runner shows them. */
  lines: string[]
  /** The annotations, as the run's page lists them: `Error: file:line:col: message`. */
  annotations: string[]
}

const LEVEL_LABEL: Record<string, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' }

/** The runner's unescaping of a command's data (`%25`, `%0D`, `%0A`) and properties (`%3A`, `%2C`). */
function unescape(text: string): string {
  return text
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%')
}

/**
 * Applies the workflow commands in a step's stdout as the runner does: `::add-mask::` hides the
 * value from then on, `::group::`/`::endgroup::` frame a group, `::debug::` shows only with
 * step debug logging, `::error`/`::warning`/`::notice` show their message and become
 * annotations, and `::stop-commands::<token>` turns commands off until `::<token>::`.
 */
export function applyRunnerCommands(stdout: string, options: { debug?: boolean } = {}): RunnerLog {
  const masks: string[] = []
  const lines: string[] = []
  const annotations: string[] = []
  let stopToken: string | undefined
  const mask = (text: string): string =>
    masks.reduce((masked, secret) => masked.split(secret).join('***'), text)
  for (const line of stdout.replace(/\n$/, '').split('\n')) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      else lines.push(mask(line))
      continue
    }
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!command) {
      lines.push(mask(line))
      continue
    }
    const [, name, properties = '', data] = command
    const value = unescape(data)
    if (name === 'add-mask') {
      if (value) masks.push(value)
    } else if (name === 'stop-commands') {
      stopToken = value
    } else if (name === 'group') {
      lines.push('', `▼ ${mask(value)}`)
    } else if (name === 'endgroup') {
      // The group's lines end here; the next heading or line follows.
    } else if (name === 'debug') {
      if (options.debug)
        lines.push(
          ...mask(value)
            .split('\n')
            .map((text) => `##[debug]${text}`)
        )
    } else if (LEVEL_LABEL[name]) {
      const props = Object.fromEntries(
        properties
          .split(',')
          .filter(Boolean)
          .map((pair) => pair.split('=', 2).map(unescape) as [string, string])
      )
      const message = mask(value)
      lines.push(`${LEVEL_LABEL[name]}: ${message.split('\n').join('\n  ')}`)
      const where = props.file
        ? `${props.file}${props.line ? `:${props.line}${props.col ? `:${props.col}` : ''}` : ''}: `
        : ''
      const title = props.title ? `${mask(props.title)} — ` : ''
      annotations.push(`${LEVEL_LABEL[name]}: ${where}${title}${message.split('\n')[0]}`)
    } else {
      // Commands the runner consumes without showing (save-state, echo…).
    }
  }
  return { lines, annotations }
}

export { summaryAsText } from '../src/report/summary-text.js'

/**
 * Text from outside (a server's answer, an input, a file) on its way to the runner's log.
 *
 * The runner reads every stdout line that starts with `::`, or holds the older `##[` anywhere, as
 * a workflow command: a server that gets `\n::stop-commands::x` (or `##[stop-commands]x` in the
 * middle of a line) into a log line turns off `::add-mask::` for the rest of the job, and every
 * token masked after it prints in clear. ANSI escapes repaint the log. So outside text is made
 * one printable line before it is printed: line breaks and other control characters become `%XX`
 * (their code point in hex), a leading `::` is escaped, and so is every `##[`. Printable text,
 * non-ASCII letters included, stays as it is.
 */

// C0 controls (tab excepted), DEL, C1 controls (ESC's 8-bit twin CSI among them), and the
// Unicode line and paragraph separators, which some viewers break lines on.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g

// What the runner would read as a command at the start of a line, after optional blanks.
const COMMAND_START = /^(\s*)::/
// The legacy form `##[command]data` is read anywhere in a line: the runner's
// ActionCommand.TryParse looks for `##[` with IndexOf (actions/runner,
// src/Runner.Common/ActionCommand.cs), and `stop-commands` is among the commands it accepts.
const LEGACY_COMMAND = /##\[/g

/** One printable line: control characters escaped as `%XX`, no leading `::`, no `##[` at all. */
export function neutraliseText(text: string): string {
  const oneLine = text.replace(CONTROL, (char) => {
    const hex = char.charCodeAt(0).toString(16).toUpperCase()
    return `%${hex.padStart(hex.length > 2 ? 4 : 2, '0')}`
  })
  return oneLine
    .replace(LEGACY_COMMAND, '%23#[')
    .replace(COMMAND_START, (_, blanks: string) => `${blanks}%3A:`)
}

/**
 * Like `neutraliseText`, but keeps the message's own line breaks: for the data of a workflow
 * command (`::error::…`, `::warning::…`), which @actions/core escapes as `%0A`, so no line of it
 * can start a command. Each line is neutralised on its own.
 */
export function neutraliseLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => neutraliseText(line))
    .join('\n')
}

/**
 * The longest text, in characters, that one log line or one string of the result keeps: a server
 * may send a 4 MiB error message (the body limit), which no reader needs whole.
 */
export const MAX_TEXT_CHARS = 16_000

/** The text, cut to `maxChars` with a note of how much was cut. */
export function boundText(text: string, maxChars: number = MAX_TEXT_CHARS): string {
  if (text.length <= maxChars) return text
  return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters cut)`
}

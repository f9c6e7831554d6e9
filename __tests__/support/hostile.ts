/** What a hostile server or input sends to take over the runner's log, for the boundary's tests. */
export const HOSTILE_TEXTS = [
  'ok\n::stop-commands::pwned\n::add-mask::x',
  '::add-mask::nothing',
  '  ::set-output name=x::y',
  '##[group]fake',
  'mid-line ##[stop-commands]pwned and ###[add-mask]x',
  'red \u001b[31mALERT\u001b[0m',
  'carriage\rreturn',
  'next line\u0085and\u2028separators\u2029too',
  'del\u007fand nul\u0000'
]

/** All of HOSTILE_TEXTS in one string, for a server field or an input. */
export const HOSTILE_TEXT = HOSTILE_TEXTS.join(' ')

/**
 * A line the runner would read as a workflow command, or that carries a control character. The
 * legacy form `##[command]` counts anywhere in the line: the runner's ActionCommand.TryParse
 * finds it with IndexOf (actions/runner, src/Runner.Common/ActionCommand.cs); only `::` must lead.
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_LINE = /^\s*::|##\[|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * The lines of a run's stdout that the runner would read as a command the action did not mean
 * to give: any `::` line other than the ones @actions/core writes itself, or a line with a
 * control character (the action's own commands included: an annotation's text shows in the log
 * too). `stop-commands` is never among the action's own.
 */
export function unsafeLines(stdout: string): string[] {
  // An annotation may carry properties (title, file, line), which @actions/core escapes (":"
  // becomes %3A), so none of them can end the command early.
  const own = /^::(add-mask|group|endgroup|debug|warning|error|notice)( [^:]*)?::/
  return stdout
    .split('\n')
    .filter((line) => (own.test(line) ? CONTROL_CHARACTER.test(line) : UNSAFE_LINE.test(line)))
}

import type { YAMLError } from 'yaml'

/** A YAML syntax error, said in plain words, at the line where the mistake most likely is. */
export interface ExplainedYamlError {
  /** 1-based. */
  line: number
  /** 1-based. */
  column: number
  message: string
}

const SAME_COLUMN =
  'keys of one mapping, and the items of one list, must start at the same column (spaces only)'

/**
 * Turns the YAML parser's first error into a message a person fixes at once. The parser reports
 * where it gave up, which for an over-indented key or a missing colon is the line before the
 * mistake, in its own terms ("implicit keys", "compact mappings"); this looks at the text to
 * point at the line to change.
 */
export function explainYamlError(error: YAMLError, text: string): ExplainedYamlError {
  const lines = text.split(/\r?\n/)
  const [start, end] = error.pos.map((offset) => linePosition(text, offset))
  const at = (line: number, message: string, column = indentOf(lines[line - 1])) => ({
    line,
    column,
    message: `not valid YAML: ${message}`
  })
  switch (error.code) {
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY': {
      const content = (lines[start.line - 1] ?? '').trim().replace(/^-\s+/, '')
      if (!/:(\s|$)/.test(content)) {
        return at(
          start.line,
          `"${content}" has no colon; a key needs one (\`${content.split(/\s/)[0]}:\`).`
        )
      }
      const next = nextContentLine(lines, start.line, end.line)
      return at(next, `this line is indented differently from the line above: ${SAME_COLUMN}.`)
    }
    case 'BAD_INDENT':
      return /flow/i.test(error.message)
        ? at(start.line, 'a list `[` or a mapping `{` opened above is not closed.')
        : at(start.line, `this line is not indented like the lines around it: ${SAME_COLUMN}.`)
    case 'TAB_AS_INDENT':
      return at(start.line, 'this line is indented with a tab; YAML allows only spaces.', 1)
    case 'DUPLICATE_KEY':
      return at(start.line, 'this key appears twice in the same mapping; keep one of them.')
    case 'MISSING_CHAR':
      if (/quote/i.test(error.message)) {
        const opened = lines.findIndex((line) => unbalancedQuote(line)) + 1
        return at(
          opened || start.line,
          'a quoted value starts on this line and is never closed: add the closing quote.'
        )
      }
      return at(start.line, 'a colon, `]` or `}` is missing here.', start.col)
    default:
      return at(
        start.line,
        'check the indentation (spaces only), the colon after each key and the quotes.',
        start.col
      )
  }
}

/** 1-based line and column of a character offset. */
function linePosition(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split(/\r?\n/)
  return { line: before.length, col: before[before.length - 1].length + 1 }
}

function indentOf(line: string | undefined): number {
  return (line ?? '').search(/\S|$/) + 1
}

/** The first non-blank line after `line`, at most `last` (1-based numbers). */
function nextContentLine(lines: string[], line: number, last: number): number {
  for (let index = line; index < Math.min(last, lines.length); index++) {
    if (lines[index].trim() && !lines[index].trim().startsWith('#')) return index + 1
  }
  return Math.min(line + 1, lines.length)
}

function unbalancedQuote(line: string): boolean {
  const code = line.replace(/\s#.*$/, '')
  return (code.match(/"/g) ?? []).length % 2 === 1 || (code.match(/'/g) ?? []).length % 2 === 1
}

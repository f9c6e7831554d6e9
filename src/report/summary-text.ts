/** The job summary's HTML as readable text, for the terminal (the CLI) and the demo. */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' '
}

/**
 * The character references of the summary's HTML as the characters they stand for, in one pass:
 * a reference that decoding makes (`&#38;#x1b;` → `&#x1b;`) is text the server wrote, and stays
 * as it is; decoded again, it would put an escape sequence on the terminal.
 */
function decode(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, (whole, decimal, hex, name) => {
    if (decimal !== undefined) return String.fromCodePoint(Number(decimal))
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex as string, 16))
    return ENTITIES[name as string] ?? whole
  })
}

/** Inline HTML as text: links keep their address, code its backticks, `<br>` breaks the line. */
function inline(html: string): string {
  return decode(
    html
      .replace(/<br\s*\/?>/g, '\n')
      .replace(
        /<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g,
        (_, href: string, text: string) => `${text} (${href})`
      )
      .replace(/<\/?code>/g, '`')
      .replace(/<[^>]+>/g, '')
  ).trim()
}

/** A table as aligned text columns: header, a rule, then the rows. */
function textTable(html: string): string {
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      inline(cell[1]).replace(/\n/g, ' ')
    )
  )
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => [...(row[column] ?? '')].length))
  )
  if (!widths) return ''
  const format = (row: string[]) =>
    row
      .map((cell, column) => cell + ' '.repeat(widths[column] - [...cell].length))
      .join('  ')
      .trimEnd()
  return [
    format(rows[0]),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...rows.slice(1).map(format)
  ].join('\n')
}

/**
 * What a line of the text summary is, for a terminal that colours it: the title, a section's
 * heading, or a line of a change's diff (added, removed, or its `@@`/`---`/`+++` header).
 */
export type LineStyle = 'title' | 'heading' | 'added' | 'removed' | 'hunk'

/** One line of the text summary: its text (no line break in it) and, to colour it, its style. */
export interface SummaryLine {
  text: string
  style?: LineStyle
}

const plain = (text: string, style?: LineStyle): SummaryLine[] =>
  text.split('\n').map((line) => (style ? { text: line, style } : { text: line }))

/** A unified diff's lines, indented under its title, each styled by its first character. */
function diffLines(block: string): SummaryLine[] {
  const text = decode(block.replace(/^<pre>|<\/pre>$/g, '').replace(/<br>/g, '\n'))
  return text.split('\n').map((line) => {
    const style: LineStyle | undefined = /^(@@|\+\+\+ |--- )/.test(line)
      ? 'hunk'
      : line.startsWith('+')
        ? 'added'
        : line.startsWith('-')
          ? 'removed'
          : undefined
    return style ? { text: `    ${line}`, style } : { text: `    ${line}` }
  })
}

/**
 * The job summary's HTML as lines of text: headings, paragraphs, lists, tables, and each long
 * text's change as its unified diff (the job summary folds it under its title; a terminal shows
 * it). Styles mark what a terminal may colour; the text is the same without them.
 */
export function summaryLines(html: string): SummaryLine[] {
  const blocks = html.match(
    /<h2>[\s\S]*?<\/h2>|<h3>[\s\S]*?<\/h3>|<table>[\s\S]*?<\/table>|<ul>[\s\S]*?<\/ul>|<p>[\s\S]*?<\/p>|<summary>[\s\S]*?<\/summary>|<pre>[\s\S]*?<\/pre>/g
  )
  return (blocks ?? []).flatMap((block): SummaryLine[] => {
    if (block.startsWith('<h2>')) {
      const title = inline(block)
      return [...plain(title, 'title'), { text: '═'.repeat([...title].length) }]
    }
    if (block.startsWith('<h3>')) {
      const heading = inline(block)
      return [{ text: '' }, ...plain(heading, 'heading'), { text: '─'.repeat([...heading].length) }]
    }
    if (block.startsWith('<table>')) return plain(textTable(block))
    if (block.startsWith('<ul>')) {
      return [...block.matchAll(/<li>([\s\S]*?)<\/li>/g)].flatMap((item) =>
        plain(`• ${inline(item[1]).replace(/\n/g, '\n  ')}`)
      )
    }
    if (block.startsWith('<summary>')) return [{ text: '' }, ...plain(`▸ ${inline(block)}`)]
    if (block.startsWith('<pre>')) return diffLines(block)
    return [{ text: '' }, ...plain(inline(block))]
  })
}

/** The job summary's HTML as readable text (summaryLines, joined): for the demo and the CLI. */
export function summaryAsText(html: string): string {
  return summaryLines(html)
    .map((line) => line.text)
    .join('\n')
}

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

/** The job summary's HTML as readable text: headings, paragraphs, lists and tables. */
export function summaryAsText(html: string): string {
  const blocks = html.match(
    /<h2>[\s\S]*?<\/h2>|<h3>[\s\S]*?<\/h3>|<table>[\s\S]*?<\/table>|<ul>[\s\S]*?<\/ul>|<p>[\s\S]*?<\/p>|<summary>[\s\S]*?<\/summary>/g
  )
  return (blocks ?? [])
    .map((block) => {
      if (block.startsWith('<h2>'))
        return `${inline(block)}\n${'═'.repeat([...inline(block)].length)}`
      if (block.startsWith('<h3>'))
        return `\n${inline(block)}\n${'─'.repeat([...inline(block)].length)}`
      if (block.startsWith('<table>')) return textTable(block)
      if (block.startsWith('<ul>')) {
        return [...block.matchAll(/<li>([\s\S]*?)<\/li>/g)]
          .map((item) => `• ${inline(item[1]).replace(/\n/g, '\n  ')}`)
          .join('\n')
      }
      if (block.startsWith('<summary>')) return `\n▸ ${inline(block)}`
      return `\n${inline(block)}`
    })
    .join('\n')
}

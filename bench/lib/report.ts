/** The figures every benchmark returns, the table they print as, and the numbers they share. */

export interface Figure {
  benchmark: string
  /** What was measured, e.g. "time to first request". */
  name: string
  value: number
  unit: string
  /** What the value is compared with: a limit it cannot beat, or a baseline measured in the run. */
  reference: { name: string; value: number }
  /** value / reference.value. */
  ratio: number
  goal: string
  /** undefined when the figure has no goal of its own (shown for context). */
  met?: boolean
}

export function figure(
  fields: Omit<Figure, 'ratio' | 'met'> & { pass?: (ratio: number, value: number) => boolean }
): Figure {
  const { pass, ...rest } = fields
  const ratio = rest.reference.value > 0 ? rest.value / rest.reference.value : NaN
  return { ...rest, ratio, met: pass?.(ratio, rest.value) }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const number = (value: number, unit: string): string =>
  Number.isNaN(value)
    ? '–'
    : `${Number.isInteger(value) || value >= 100 ? value.toFixed(0) : value.toPrecision(3)} ${unit}`

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((item) => [
    item.benchmark,
    item.name,
    number(item.value, item.unit),
    `${item.reference.name} ${number(item.reference.value, item.unit)}`,
    Number.isNaN(item.ratio) ? '–' : `${item.ratio.toFixed(2)}×`,
    item.goal,
    item.met === undefined ? '' : item.met ? 'met' : 'NOT MET'
  ])
  const header = ['benchmark', 'figure', 'value', 'limit / baseline', 'ratio', 'goal', '']
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length))
  )
  const line = (cells: string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n'
  )
}

import { describe, expect, it } from '@jest/globals'
import {
  boundText,
  MAX_TEXT_CHARS,
  neutraliseLines,
  neutraliseText
} from '../../../src/boundary/log-text.js'
import { HOSTILE_TEXTS, UNSAFE_LINE } from '../../support/hostile.js'

describe('neutraliseText', () => {
  it.each(HOSTILE_TEXTS)('makes %j one printable line that starts no command', (text) => {
    const line = neutraliseText(text)
    expect(line).not.toMatch(UNSAFE_LINE)
    expect(line).not.toContain('\n')
  })

  it('escapes line breaks and escapes as their code points, and shows printable text', () => {
    expect(neutraliseText('a\nb\r\nc')).toBe('a%0Ab%0D%0Ac')
    expect(neutraliseText('\u001b[31mred')).toBe('%1B[31mred')
    expect(neutraliseText('x\u2028y')).toBe('x%2028y')
    expect(neutraliseText('::stop-commands::t')).toBe('%3A:stop-commands::t')
    expect(neutraliseText('##[error]x')).toBe('%23#[error]x')
    // The runner reads `##[command]` anywhere in a line, not only at its start.
    expect(neutraliseText('state x ##[stop-commands]t')).toBe('state x %23#[stop-commands]t')
    expect(neutraliseText('###[add-mask]t')).not.toContain('##[')
  })

  it('leaves ordinary text, tabs and non-ASCII letters alone', () => {
    const text = 'Plan standard: state Processed\tétat — 100 % done, see a::b'
    expect(neutraliseText(text)).toBe(text)
  })
})

describe('neutraliseLines', () => {
  it('keeps the line breaks of a multi-line message but neutralises each line', () => {
    const text = 'The manifest is not valid:\n::stop-commands::x\n  plans.0.id: bad\u001b[0m'
    const lines = neutraliseLines(text).split('\n')
    expect(lines).toEqual([
      'The manifest is not valid:',
      '%3A:stop-commands::x',
      '  plans.0.id: bad%1B[0m'
    ])
  })
})

describe('boundText', () => {
  it('keeps text up to the limit and says how much it cut beyond', () => {
    expect(boundText('x'.repeat(MAX_TEXT_CHARS))).toHaveLength(MAX_TEXT_CHARS)
    const cut = boundText('y'.repeat(MAX_TEXT_CHARS + 500))
    expect(cut).toBe(`${'y'.repeat(MAX_TEXT_CHARS)}… (500 more characters cut)`)
  })
})

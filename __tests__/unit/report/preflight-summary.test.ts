import { describe, expect, it } from '@jest/globals'
import { preflightSection, summaryView } from '../../../src/report/summary.js'
import { newRunResult } from '../../../src/engine/result.js'

describe('the pre-flight section', () => {
  it('lists each finding with its place and fix, escaping template text, and the skipped rules', () => {
    const result = newRunResult('check', false)
    result.preflight = {
      policy: 'error',
      skipped: [{ rule: 'apiVersions Should Be Recent', reason: 'not <yet> in every cloud' }],
      findings: [
        {
          rule: 'Resources Should Have Location',
          severity: 'warning',
          planId: 'standard',
          file: 'nested/<b>.json',
          path: '$.resources[0].location',
          line: 21,
          column: 19,
          message: 'The resource\'s location is hard-coded as "<img src=x>".',
          fix: 'Use a parameter.',
          source: 'https://learn.microsoft.com/'
        }
      ]
    }
    const html = preflightSection(summaryView(result, { inputs: [], version: '0.0.0' }))
    expect(html).toContain('policy <code>error</code>: 0 error(s), 1 warning(s)')
    expect(html).toContain(
      '<td>warning</td><td>Resources Should Have Location</td><td>standard</td><td>nested/&#60;b&#62;.json</td><td>21:19</td><td>$.resources&#91;0&#93;.location</td>'
    )
    expect(html).not.toMatch(/<img|<b>|<yet>/)
    expect(html).toContain(
      '<li>apiVersions Should Be Recent: not &#60;yet&#62; in every cloud</li>'
    )
  })

  it('is empty when the pre-flight did not run', () => {
    expect(
      preflightSection(summaryView(newRunResult('status', false), { inputs: [], version: '0.0.0' }))
    ).toBe('')
  })
})

import { describe, expect, it } from '@jest/globals'
import { renderSummary } from '../../../src/action/summary.js'
import { newRunResult } from '../../../src/engine/result.js'

describe('renderSummary', () => {
  it('escapes every string that came from Partner Center', () => {
    const result = newRunResult('publish', false, 'preview')
    result.status = 'failed'
    result.offerId = 'contoso-app'
    result.validations.push({
      severity: 'Error',
      code: 'X<1>',
      message: '<img src=x onerror=alert(1)> & "quotes"',
      resource: "plan 'a'"
    })
    result.submission = {
      id: '1',
      target: 'Preview',
      state: 'InProgress',
      substate: '<b>Failed</b>',
      action: 'created',
      steps: [{ environment: 'Preview', name: '<script>', state: 'Failed' }]
    }
    const html = renderSummary(result)
    expect(html).not.toMatch(/<img|<script>|<b>Failed/)
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62; &#38; &#34;quotes&#34;')
    expect(html).toContain('&#60;script&#62;')
  })

  it('marks changes a dry run did not make, and shows code spans of our own notes as code', () => {
    const result = newRunResult('publish', true, 'live')
    result.status = 'dry-run'
    result.changes.push({
      kind: 'create-submission',
      module: 'Submission',
      subject: 'contoso-app',
      writes: ['POST submissions'],
      description: 'Create a submission to preview',
      done: false
    })
    result.notes.push('Run `command: status` later.')
    const html = renderSummary(result)
    expect(html).toContain('dry run: nothing was changed')
    expect(html).toContain('Create a submission to preview <em>(not done: dry run)</em>')
    expect(html).toContain('Run <code>command: status</code> later.')
  })

  it('says when nothing was changed', () => {
    const result = newRunResult('status', false)
    result.status = 'no-submission'
    expect(renderSummary(result)).toContain('Nothing was changed in Partner Center.')
  })
})

import { describe, expect, it } from '@jest/globals'
import { renderSummary } from '../../../src/report/summary.js'
import { applyRunnerCommands, summaryAsText } from '../../../scripts/runner-view.js'
import { summaryExamples } from '../../../scripts/summary-examples.js'

describe('the demo shows the log as the runner does', () => {
  const STDOUT = [
    'partner-center-publish-action 0.1.0',
    '::add-mask::s3cret-token',
    '::group::Read the offer',
    '::debug::GET /products with s3cret-token',
    'Signed in with s3cret-token',
    '::endgroup::',
    '::error title=Manifest error,file=deploy/marketplace.yml,line=4,col=5::unknown field "pakage"%0Asecond line',
    '::warning::a warning',
    '::stop-commands::pause-1',
    '::add-mask::not-a-command',
    '::pause-1::',
    'after not-a-command'
  ].join('\n')

  it('applies commands: masks as ***, groups as headings, debug hidden, stop-commands honoured', () => {
    expect(applyRunnerCommands(STDOUT).lines).toEqual([
      'partner-center-publish-action 0.1.0',
      '',
      '▼ Read the offer',
      'Signed in with ***',
      'Error: unknown field "pakage"\n  second line',
      'Warning: a warning',
      '::add-mask::not-a-command',
      'after not-a-command'
    ])
  })

  it('shows debug lines, masked, only when asked', () => {
    expect(applyRunnerCommands(STDOUT, { debug: true }).lines).toContain(
      '##[debug]GET /products with ***'
    )
  })

  it('lists the annotations with their file, line and column', () => {
    expect(applyRunnerCommands(STDOUT).annotations).toEqual([
      'Error: deploy/marketplace.yml:4:5: Manifest error — unknown field "pakage"',
      'Warning: a warning'
    ])
  })
})

describe('the demo shows the summary as readable text', () => {
  it('keeps table headers and link addresses', () => {
    const live = summaryExamples().find((example) => example.name === 'publish-live')!
    const text = summaryAsText(renderSummary(live.view))
    expect(text).toMatch(/^✅ Partner Center publish to live: live\n═+\n/)
    expect(text).toMatch(/^Plan +Kind +Package +Size +Version +Package ID +State$/m)
    expect(text).toMatch(/^ID +Target +State +This run$/m)
    expect(text).toMatch(/^1152921505694436710 +live +Published\/InStore +promoted$/m)
    expect(text).toContain(
      `Open the offer in Partner Center (${live.view.result.partnerCenterUrl})`
    )
    expect(text).not.toMatch(/<[a-z]|&#\d+;/)
  })
})

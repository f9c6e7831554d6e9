import { describe, expect, it } from '@jest/globals'
import { Lexer, marked } from 'marked'
import { readFileSync } from 'node:fs'
import { renderSummary, summaryView, SUMMARY_LIMIT_BYTES } from '../../../src/report/summary.js'
import { newRunResult, type RunResult } from '../../../src/engine/result.js'
import { Recorder } from '../../../src/engine/recorder.js'
import { PartnerCenterError } from '../../../src/partner-center/errors.js'
import { summaryExamples } from '../../../scripts/summary-examples.js'
import { summaryLines } from '../../../src/report/summary-text.js'
import { SUMMARIES_DIR, summaryPages } from '../../../scripts/write-summaries.js'

/** The summary as GitHub shows it: GitHub-flavoured Markdown rendered to HTML. */
const rendered = (markdown: string): string => marked.parse(markdown, { gfm: true, async: false })

const view = (result: RunResult) =>
  summaryView(result, { inputs: [['client-secret', '(set, not shown)']], version: '9.9.9' })

/** Text of each element with this tag, tags inside stripped. */
function texts(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) =>
    match[1]
      .replace(/<[^>]+>/g, '')
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
  )
}

describe('the job summary of every outcome, rendered as GitHub renders it', () => {
  const FAILURE_SECTIONS = ['❌ What happened', 'What was changed', 'What to do next']

  it.each(summaryExamples().map((example) => [example.name, example] as const))(
    '%s: title, sections, tables with headers, links',
    (_, { view: example }) => {
      const markdown = renderSummary(example)
      const html = rendered(markdown)
      const { result } = example

      // Only HTML blocks: nothing the summary holds is read as Markdown.
      expect(new Lexer({ gfm: true }).lex(markdown).map((token) => token.type)).not.toContain(
        'paragraph'
      )
      // The title names the command and the outcome.
      const [title] = texts(html, 'h2')
      expect(html.trimStart().startsWith('<h2>')).toBe(true)
      expect(title).toContain(
        result.target ? `${result.command} to ${result.target}` : result.command
      )
      expect(title).toMatch(result.status === 'failed' ? /failed/ : /: [a-z]/)
      expect(html).not.toMatch(/undefined|\[object/)

      const failedRun = result.status === 'failed'
      const sections = texts(html, 'h3')
      expect(sections).toEqual(
        expect.arrayContaining(failedRun ? FAILURE_SECTIONS : ['What was changed'])
      )
      expect(sections.includes('❌ What happened')).toBe(failedRun)

      // Every table has a header row whose cells name its columns.
      const tables = html.match(/<table>[\s\S]*?<\/table>/g) ?? []
      expect(tables.length).toBeGreaterThan(0)
      for (const table of tables) {
        expect(table).toMatch(/^<table><thead><tr>(<th>[^<]+<\/th>)+<\/tr><\/thead><tbody>/)
      }
      expect(
        html.includes(`<a href="${result.partnerCenterUrl}">Open the offer in Partner Center</a>`)
      ).toBe(Boolean(result.partnerCenterUrl))
      expect(html).toContain('partner-center-publish-action 0.1.0')
      expect(html).not.toContain('contoso-secret')
    }
  )

  it('after promotion to live, the Submission row says live, not preview', () => {
    const live = summaryExamples().find((example) => example.name === 'publish-live')!
    const html = rendered(renderSummary(live.view))
    const row = /<h3>Submission<\/h3>\s*<table>[\s\S]*?<tbody><tr>(.*?)<\/tr>/.exec(html)![1]
    expect(texts(`<x>${row}</x>`, 'td')).toEqual([
      '1152921505694436710',
      'live',
      'Published/InStore',
      'promoted'
    ])
  })

  it('shows the workflow steps as a timeline with durations, running and waiting steps', () => {
    const goLive = summaryExamples().find((example) => example.name === 'go-live')!
    const html = rendered(renderSummary(goLive.view))
    expect(texts(html, 'li')).toEqual(
      expect.arrayContaining([
        'preview: ✅ Validation 4 min → ✅ Preview creation 17 min',
        'live: ⏳ Certification since 10:30 UTC → ⏸️ Publish waiting'
      ])
    )
  })

  it('says what to do next: the input or command to use', () => {
    const next = (name: string) => {
      const example = summaryExamples().find((candidate) => candidate.name === name)!
      const html = rendered(renderSummary(example.view))
      return /<h3>What to do next<\/h3>\s*<ul>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? ''
    }
    expect(next('status-preview-ready')).toContain('<code>command: go-live</code>')
    expect(next('failed-conflict')).toContain('<code>on-conflict: cancel</code>')
    expect(next('publish-preview')).toContain('<code>command: go-live</code>')
    expect(next('dry-run')).toContain('<code>dry-run: false</code>')
    expect(next('go-live')).toContain('<code>command: status</code>')
    expect(next('input-error')).toContain('Inputs table')
    expect(next('manifest-error')).toContain('yaml-language-server')
  })

  it('never names an undefined target, for an error before the inputs were read', () => {
    const result = newRunResult('publish', false)
    result.status = 'failed'
    result.error = 'Input tenant-id is required.'
    expect(texts(rendered(renderSummary(view(result))), 'h2')[0]).toBe(
      '❌ Partner Center publish: failed'
    )
  })
})

describe('a message of several lines', () => {
  const result = newRunResult('publish', false)
  new Recorder(result).failed(
    new Error(
      'The manifest is not valid:\n  a.yml:1:1: offer is empty\n\n  a.yml:4:3: plans is empty'
    )
  )
  const summary = renderSummary(view(result))
  const happened = (lines: string[]) =>
    lines.slice(lines.indexOf('❌ What happened') + 2, lines.indexOf('What was changed') - 1)

  it('is one item of the job summary, its lines kept apart', () => {
    const html = rendered(summary)
    const items = /<h3>❌ What happened<\/h3>\s*<ul>([\s\S]*?)<\/ul>/.exec(html)![1]
    expect(texts(items, 'li')).toEqual([
      'The manifest is not valid:  a.yml:1:1: offer is empty  a.yml:4:3: plans is empty'
    ])
    expect(items.match(/<br>/g)).toHaveLength(2)
  })

  it('is one bullet of the text summary, its continuation lines indented under it', () => {
    const lines = summaryLines(summary).map((line) => line.text)
    expect(happened(lines)).toEqual([
      '• The manifest is not valid:',
      '    a.yml:1:1: offer is empty',
      '    a.yml:4:3: plans is empty'
    ])
  })
})

describe('server text in the summary', () => {
  const HOSTILE = [
    'Package rejected.',
    '',
    '[click here](https://evil.example/steal) ![x](https://evil.example/p.png)',
    '',
    '# Heading',
    '<img src=x onerror=alert(1)> <a href="https://evil.example">a</a>',
    '| a | b |',
    '|---|---|',
    '```',
    'https://evil.example/autolink'
  ].join('\n')

  it('forms no link, image, heading, tag or table, whatever blank lines and Markdown it holds', () => {
    const result = newRunResult('status', false)
    result.status = 'failed'
    result.validations.push({
      severity: 'Error',
      code: 'X\n\n# Y',
      message: HOSTILE,
      resource: HOSTILE
    })
    result.submission = {
      id: '1',
      target: 'preview',
      state: 'InProgress',
      substate: 'Failed\n\n[x](https://evil.example)',
      action: 'reported',
      steps: [{ environment: 'preview\n\n<script>', name: HOSTILE, state: 'Failed' }]
    }
    const markdown = renderSummary(view(result))
    const html = rendered(markdown)
    expect(markdown).not.toMatch(/\n\n(?!<)/)
    expect(html).not.toMatch(/evil\.example["')]|<img|<script|<h1|<a href="https:\/\/evil/)
    // Submission, validation messages, inputs: no table made of the server's pipes.
    expect(html.match(/<table>/g)).toHaveLength(3)
    expect(texts(html, 'td')).toContain(HOSTILE.split('\n').filter(Boolean).join(''))
  })

  it('suggests only the ways out our own code attached, never ones a server wrote into its error', () => {
    const result = newRunResult('publish', false, 'preview')
    // A 409 on creating the submission: our hint names `command: cancel` and the two
    // `on-conflict` values that wait or cancel; the server's message names settings of its own
    // (another on-conflict value among them), which must not become advice.
    const body = JSON.stringify({
      code: 'Conflict',
      message:
        'run again with `api-url: https://evil.example` or `client-secret: leak` or ' +
        '`command: go-live` or `on-conflict: fail` or `constructor: x`.'
    })
    new Recorder(result).failed(
      new PartnerCenterError(
        {
          method: 'POST',
          url: 'https://api.partner.microsoft.com/v1.0/ingestion/products/x/submissions'
        },
        { status: 409, headers: {}, body },
        'createSubmission'
      )
    )
    const steps = texts(rendered(renderSummary(view(result))), 'li')
    expect(steps).toContain(
      'Run again with one of: command: cancel, on-conflict: wait, on-conflict: cancel.'
    )
    expect(steps.join('\n')).not.toMatch(
      /Run again with one of: .*(evil|leak|go-live|on-conflict: fail|constructor)/
    )
  })

  it("shows a long text's diff collapsed, inert, with every line of it", () => {
    const result = newRunResult('publish', true, 'preview')
    result.status = 'dry-run'
    const diff = ['--- a', '+++ b', '@@ -1 +1 @@', '-<p>old</p>', '', `+${HOSTILE}`].join('\n')
    result.changes.push({
      kind: 'update-field',
      module: 'Listing',
      subject: 'contoso-app',
      field: 'en-us.description',
      from: '(10 characters)',
      to: '(20 characters)',
      diff,
      writes: ['PUT listings'],
      description: 'Listing of contoso-app: en-us.description changed',
      done: false
    })
    const markdown = renderSummary(view(result))
    const html = rendered(markdown)
    expect(markdown).not.toMatch(/\n\n(?!<)/)
    expect(html).not.toMatch(/evil\.example["')]|<img|<script|<h1|<a href="https:\/\/evil/)
    expect(texts(html, 'summary')).toContain('Listing · contoso-app · en-us.description: diff')
    const shown = texts(html, 'pre')[0]
    expect(shown).toContain('-<p>old</p>')
    expect(shown).toContain('+Package rejected.')
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
    const html = renderSummary(view(result))
    expect(html).toContain('dry run: nothing was changed')
    expect(html).toContain('Create a submission to preview <em>(not done: dry run)</em>')
    expect(html).toContain('<th>Change</th><th>Module</th><th>Offer or plan</th>')
    expect(html).toContain('<td>create-submission</td><td>Submission</td><td>contoso-app</td>')
  })

  it('keeps the whole summary under 1 MiB with 4,000 long validation messages, and says what was cut', () => {
    const result = newRunResult('publish', false, 'preview')
    result.status = 'failed'
    result.error = 'Submission 1 failed in Partner Center (InProgress/Failed).'
    for (let index = 0; index < 4000; index++) {
      result.validations.push({
        severity: 'Error',
        code: `C${index}`,
        message: `<${'x'.repeat(500)}> & "quoted" message ${index}`
      })
    }
    const markdown = renderSummary(view(result))
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
    expect(SUMMARY_LIMIT_BYTES).toBeLessThan(1024 * 1024)
    const html = rendered(markdown)
    expect(html).toMatch(/\d+ more validation messages are not shown here/)
    expect(texts(html, 'h3')).toEqual(
      expect.arrayContaining(['What was changed', 'What to do next'])
    )
    expect(html).toContain('partner-center-publish-action 9.9.9')
  })

  it('bounds the list of changes, and leaves out whole later sections, with a note, when they do not fit', () => {
    const result = newRunResult('publish', false, 'preview')
    result.status = 'draft-updated'
    for (let index = 0; index < 20_000; index++) {
      result.changes.push({
        kind: 'bind-package',
        module: 'Package',
        subject: 'standard',
        writes: ['PUT packageConfigurations'],
        description: `Change ${index} ${'y'.repeat(100)}`,
        done: true
      })
      result.notes.push(`Note ${index} ${'z'.repeat(100)}`)
    }
    const markdown = renderSummary(view(result))
    expect(markdown).toMatch(/\d+ more changes: the <code>result<\/code> output lists them all/)
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES + 512)
    expect(markdown).toMatch(/1 section\(s\) of this summary were left out/)
    // The sections after the one left out are still there.
    expect(markdown).toContain('partner-center-publish-action 9.9.9')
    expect(markdown.startsWith('<h2>')).toBe(true)
  })
})

describe('docs/summaries/', () => {
  it.each(summaryPages().map((page) => [page.file, page] as const))(
    '%s is what npm run summaries writes, and the README links it',
    (file, { html }) => {
      expect(readFileSync(new URL(file, SUMMARIES_DIR), 'utf8')).toBe(html)
      expect(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')).toContain(
        `(docs/summaries/${file})`
      )
    }
  )
})

import { describe, expect, it } from '@jest/globals'
import { buildAnnotations, MAX_VALIDATION_ANNOTATIONS } from '../../../src/action/annotations.js'
import { InputError } from '../../../src/action/inputs.js'
import { findInputLine } from '../../../src/action/workflow-file.js'
import { ManifestError } from '../../../src/manifest/manifest.js'
import { newRunResult, type RunResult } from '../../../src/engine/result.js'

function failed(error?: string): RunResult {
  const result = newRunResult('publish', false, 'preview')
  result.status = 'failed'
  result.error = error
  return result
}

describe('buildAnnotations', () => {
  it('pins each manifest problem on its file, line and column, and adds no second failure', () => {
    const cause = new ManifestError([
      { file: 'deploy/marketplace.yml', line: 4, column: 5, message: 'unknown field "pakage".' },
      { file: 'deploy/marketplace.yml', line: 3, column: 5, message: 'plans.0 needs "package".' }
    ])
    expect(buildAnnotations(failed(cause.message), cause)).toEqual([
      {
        level: 'error',
        message: 'unknown field "pakage".',
        properties: {
          title: 'Manifest error',
          file: 'deploy/marketplace.yml',
          startLine: 4,
          startColumn: 5
        }
      },
      {
        level: 'error',
        message: 'plans.0 needs "package".',
        properties: {
          title: 'Manifest error',
          file: 'deploy/marketplace.yml',
          startLine: 3,
          startColumn: 5
        }
      }
    ])
  })

  it('neutralises the manifest text a problem quotes: no escape, no command, no line separator', () => {
    const cause = new ManifestError([
      {
        file: 'marketplace.yml',
        line: 2,
        column: 1,
        message: 'unknown field "x\u001b[31m\u0085\u2028::add-mask::y".'
      }
    ])
    const [annotation] = buildAnnotations(failed(cause.message), cause)
    expect(annotation.message).toBe('unknown field "x%1B[31m%85%2028::add-mask::y".')
  })

  it('gives each validation message its own annotation with its code, by severity, on one line', () => {
    const result = failed('Submission 7 failed in Partner Center (InProgress/Failed).')
    result.validations.push(
      { severity: 'Error', code: 'ARM-1', message: 'bad\nparameter\u001b[31m', resource: 'plan a' },
      { severity: 'Warning', code: 'L-2', message: 'no screenshots' }
    )
    const annotations = buildAnnotations(result)
    expect(annotations.map(({ level, message }) => [level, message])).toEqual([
      ['error', 'ARM-1: bad parameter [31m (plan a)'],
      ['warning', 'L-2: no screenshots'],
      ['error', 'Submission 7 failed in Partner Center (InProgress/Failed).']
    ])
  })

  it('annotates at most GitHub’s 10 per step, and says how many more there are', () => {
    const result = failed('Submission 7 failed.')
    for (let index = 0; index < 4000; index++)
      result.validations.push({ severity: 'Error', code: `C${index}`, message: 'm' })
    const messages = buildAnnotations(result).map((annotation) => annotation.message)
    expect(messages).toHaveLength(MAX_VALIDATION_ANNOTATIONS + 2)
    expect(messages).toContain(
      `${4000 - MAX_VALIDATION_ANNOTATIONS} more validation messages: all are in the job summary and the \`result\` output.`
    )
  })

  it('names a failed submission that status reports, without an error of the run', () => {
    const result = newRunResult('status', false)
    result.status = 'failed'
    result.submission = {
      id: '42',
      target: 'preview',
      state: 'InProgress',
      substate: 'Failed',
      action: 'reported',
      steps: []
    }
    result.validations.push({ severity: 'Error', code: 'X-1', message: 'broken' })
    expect(buildAnnotations(result).map((annotation) => annotation.message)).toEqual([
      'X-1: broken',
      'Submission 42 failed in Partner Center (InProgress/Failed) with 1 validation error.'
    ])
  })

  it('titles an input error as one, with the input in the first line', () => {
    const cause = new InputError(
      'Input on-conflict is "ignore"; allowed values are fail, wait, cancel.'
    )
    const [annotation] = buildAnnotations(failed(cause.message), cause)
    expect(annotation).toEqual({
      level: 'error',
      message: cause.message,
      properties: {}
    })
  })
})

describe('an input error on the workflow line that sets the input', () => {
  const WORKFLOW = [
    'on: push',
    'jobs:',
    '  publish:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: partner-center-publish/action@v1',
    '        with:',
    '          tenant-id: ${{ vars.TENANT }}',
    '          on-conflict: ignore'
  ].join('\n')

  it('finds the one line that sets it, and no line when several do or none does', () => {
    expect(findInputLine(WORKFLOW, 'on-conflict', '.github/workflows/p.yml')).toEqual({
      file: '.github/workflows/p.yml',
      line: 9,
      column: 11
    })
    expect(findInputLine(`${WORKFLOW}\n          on-conflict: wait`, 'on-conflict', 'p.yml')).toBe(
      undefined
    )
    expect(findInputLine(WORKFLOW, 'target', 'p.yml')).toBe(undefined)
  })

  it('pins the failure annotation there', () => {
    const cause = new InputError('Input on-conflict is "ignore".', 'on-conflict')
    const place = { file: '.github/workflows/p.yml', line: 9, column: 11 }
    const [annotation] = buildAnnotations(failed(cause.message), cause, (input) =>
      input === 'on-conflict' ? place : undefined
    )
    expect(annotation.properties).toEqual({
      file: '.github/workflows/p.yml',
      startLine: 9,
      startColumn: 11
    })
  })
})

import { afterEach, describe, expect, it } from '@jest/globals'
import { requestGitHubIdToken } from '../../../src/auth/github-oidc.js'
import { CLI_NAMING } from '../../../src/cli/naming.js'
import { Recorder } from '../../../src/engine/recorder.js'
import { newRunResult } from '../../../src/engine/result.js'
import { RequestError } from '../../../src/engine/run-request.js'
import { readInputs } from '../../../src/inputs/read.js'
import { ACTION_NAMING, useNaming } from '../../../src/naming.js'
import { nextSteps } from '../../../src/report/outcome.js'
import { summaryLines } from '../../../src/report/summary-text.js'
import { recordingLogger } from '../../support/recording-logger.js'

afterEach(() => useNaming(ACTION_NAMING))

/** The message readInputs throws for these raw inputs. */
function inputError(raw: Record<string, string>): string {
  try {
    readInputs((name) => raw[name], { appOptional: true })
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('no error')
}

describe('a message names a setting in the words of the shell that runs', () => {
  it('the action: inputs and `command:`; the CLI: flags and subcommands', () => {
    const raw = { command: 'publish', target: 'live' }
    expect(inputError(raw)).toBe(
      'target: live waits for the preview to be ready and then for certification, which takes ' +
        'hours: set wait-timeout (minutes; jobs on GitHub-hosted runners end after 360), or ' +
        'publish to preview and promote later with `command: go-live`.'
    )
    useNaming(CLI_NAMING)
    expect(inputError(raw)).toBe(
      '--target live waits for the preview to be ready and then for certification, which takes ' +
        'hours: set --wait-timeout (minutes), or publish to preview and promote later with ' +
        '`partner-center-publish go-live`.'
    )
  })

  it('advice suggests the ways out our own error carries, as the shell writes them', () => {
    useNaming(CLI_NAMING)
    const result = newRunResult('publish', false)
    const recorder = new Recorder(result)
    recorder.failed(
      new RequestError('Wait for it, cancel it, or set on-conflict.', [
        { command: 'cancel' },
        { input: 'on-conflict', value: 'wait' }
      ])
    )
    expect(nextSteps(result, 'other')[0]).toBe(
      'Run again with one of: `partner-center-publish cancel`, `--on-conflict wait`.'
    )
  })

  it('text a server wrote is not taken for advice, in either shell’s words', () => {
    useNaming(CLI_NAMING)
    const result = newRunResult('publish', false)
    new Recorder(result).failed(
      new Error(
        'The server says: set `--on-conflict wait` or run `partner-center-publish go-live`.'
      )
    )
    expect(nextSteps(result, 'other').join('\n')).not.toMatch(/Run again with|--on-conflict/)
  })
})

describe('the federated token’s claims, logged in each shell’s words', () => {
  const claims = { iss: 'https://issuer.example', sub: 'system:serviceaccount:a:b', aud: 'api://x' }
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const jwt = `${part({ alg: 'none' })}.${part(claims)}.c2ln`

  it.each([
    [ACTION_NAMING, 'GitHub OIDC token: issuer'],
    [CLI_NAMING, 'The token in AZURE_FEDERATED_TOKEN_FILE: issuer']
  ])('%#: one noun for the token, said once', async (shell, start) => {
    useNaming(shell)
    const logger = recordingLogger()
    await requestGitHubIdToken(
      { kind: 'github-oidc', audience: 'api://x', requestIdToken: async () => jwt },
      logger
    )
    expect(logger.text()).toBe(
      `${start} https://issuer.example, subject system:serviceaccount:a:b, audience api://x`
    )
    expect(logger.text()).not.toMatch(/token\b.*\btoken:/i)
  })
})

describe('the text summary marks what a terminal may colour', () => {
  it('the title, headings and a diff’s lines; other lines plain', () => {
    const html =
      '<h2>✅ Partner Center publish: done</h2>\n<h3>Plan</h3>\n' +
      '<details><summary>Listing · contoso-app · en-us.description: diff</summary>\n' +
      '<pre>--- a<br>+++ b<br>@@ -1 +1 @@<br> same<br>-old &#60;p&#62;<br>+new</pre>\n</details>\n'
    expect(summaryLines(html)).toEqual([
      { text: '✅ Partner Center publish: done', style: 'title' },
      { text: '═'.repeat([...'✅ Partner Center publish: done'].length) },
      { text: '' },
      { text: 'Plan', style: 'heading' },
      { text: '────' },
      { text: '' },
      { text: '▸ Listing · contoso-app · en-us.description: diff' },
      { text: '    --- a', style: 'hunk' },
      { text: '    +++ b', style: 'hunk' },
      { text: '    @@ -1 +1 @@', style: 'hunk' },
      { text: '     same' },
      { text: '    -old <p>', style: 'removed' },
      { text: '    +new', style: 'added' }
    ])
  })
})

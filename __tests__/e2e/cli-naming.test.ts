import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { SAMPLE } from '../../emulator/index.js'
import { emulatorFlags, runCli } from '../../scripts/run-cli.js'
import { startHarness, type Harness } from './harness.js'

// The same mistake through both bundles: the action's messages name inputs and `command:`, the
// CLI's name flags and subcommands. Each message says it where it is made (src/naming.ts); no
// text is rewritten afterwards, so a server's text is shown as it was written.

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(async () => {
  await harness.close()
})

const cli = (...args: string[]) =>
  runCli(args, {
    cwd: harness.workspace,
    env: { GITHUB_REF: 'refs/tags/v1.2.3', PARTNER_CENTER_POLL_MS: '50,200' }
  })
const signedIn = (command: string, ...args: string[]) =>
  cli(command, ...emulatorFlags(harness.emulator.url), ...args)
/** The whole of what a person reads: the log and the summary. */
const action = async (inputs: Record<string, string>) => {
  const run = await harness.run(inputs)
  return { ...run, text: `${run.stdout}\n${run.summary}` }
}

describe('each shell names settings in its own words', () => {
  it('a missing offer ID: the offer-id input, the --offer-id flag', async () => {
    await rm(path.join(harness.workspace, 'marketplace.yml'))
    const workflow = await action({ command: 'status' })
    expect(workflow.exitCode).toBe(1)
    expect(workflow.text).toContain('Input offer-id is empty and there is no manifest')
    expect(workflow.text).toContain(': set offer-id to the offer ID shown in Partner Center.')
    expect(workflow.summary).toContain('in the step&#39;s <code>with:</code> block')

    const terminal = await signedIn('status')
    expect(terminal.exitCode).toBe(2)
    expect(terminal.stdout).toContain('--offer-id is empty and there is no manifest')
    expect(terminal.stdout).toContain(': set --offer-id to the offer ID shown in Partner Center.')
    expect(terminal.stdout).toContain('`partner-center-publish <command> --help` lists every flag')
    expect(terminal.stdout).not.toMatch(/\bInput offer-id\b|set offer-id|`with:`/)
  })

  it('a bad target: Input target, --target', async () => {
    const workflow = await action({ target: 'nowhere' })
    expect(workflow.text).toContain('Input target is "nowhere"; allowed values are')
    const terminal = await signedIn('publish', '--target', 'nowhere')
    expect(terminal.exitCode).toBe(2)
    expect(terminal.stdout).toContain('--target is "nowhere"; allowed values are')
    expect(terminal.stdout).not.toContain('Input target')
  })

  it('a sign-in error names client-id and tenant-id, or --client-id and --tenant-id', async () => {
    const unknownApp = '00000000-0000-0000-0000-0000000000ab'
    const workflow = await action({ 'client-id': unknownApp })
    expect(workflow.exitCode).toBe(1)
    expect(workflow.text).toContain(
      "Check that client-id is the app's Application (client) ID (not its Object ID) and that tenant-id is"
    )
    const terminal = await signedIn('status', '--client-id', unknownApp)
    expect(terminal.exitCode).toBe(1)
    expect(terminal.stdout).toContain(
      "Check that --client-id is the app's Application (client) ID (not its Object ID) and that --tenant-id is"
    )
  })

  it('a submission in progress suggests on-conflict: wait, or --on-conflict wait', async () => {
    harness.emulator.scenario.inProgressSubmission(SAMPLE.offerId, { substate: 'Submitted' })
    const workflow = await action({})
    expect(workflow.exitCode).toBe(1)
    expect(workflow.text).toContain(
      '(`command: cancel`), or set `on-conflict: wait` or `on-conflict: cancel`.'
    )
    expect(workflow.summary).toContain(
      'Run again with one of: <code>command: cancel</code>, <code>on-conflict: wait</code>, <code>on-conflict: cancel</code>.'
    )

    const terminal = await signedIn('publish')
    expect(terminal.exitCode).toBe(1)
    expect(terminal.stdout).toContain(
      '(`partner-center-publish cancel`), or set `--on-conflict wait` or `--on-conflict cancel`.'
    )
    expect(terminal.stdout).toContain(
      'Run again with one of: `partner-center-publish cancel`, `--on-conflict wait`, `--on-conflict cancel`.'
    )
  })

  it('a ready preview: run this action with `command: go-live`, or `partner-center-publish go-live`', async () => {
    const workflow = await action({ 'wait-timeout': '5' })
    expect(workflow.outputs.status).toBe('preview-ready')
    expect(workflow.summary).toContain(
      'then run this action with <code>command: go-live</code> to publish it live.'
    )
    const terminal = await signedIn('publish', '--wait-timeout', '5')
    expect(terminal.exitCode).toBe(0)
    expect(terminal.stdout).toContain(
      'then run `partner-center-publish go-live` to publish it live.'
    )
  })

  it('text a server wrote is shown as written: it never becomes a flag or a subcommand', async () => {
    const said =
      'Input target is wrong: set offer-id to x, or run `command: go-live` with `on-conflict: wait` (client-id).'
    harness.emulator.scenario.failNextPackageProcessing(SAMPLE.offerId, [
      { errorCode: 'BadPackage', severity: 'Error', message: said, resource: 'x' }
    ])
    const terminal = await signedIn('publish', '--wait-timeout', '5')
    expect(terminal.exitCode).toBe(1)
    expect(terminal.stdout).toContain(said)
    expect(terminal.stdout).not.toMatch(/Run again with one of/)
  })
})

describe('the CLI speaks of its own machine and sign-in, not a runner’s or GitHub’s', () => {
  beforeEach(async () => {
    // Real-time speed: the federated token's lifetime is checked against the emulator's clock.
    await harness.close()
    harness = await startHarness({ speed: 1 })
  })
  const APP_ID = '5d1f3c2b-8a7e-4f60-9b1c-2e3d4f5a6b7c'
  const federated = (tokenFile: string) =>
    runCli(
      ['status', '--tenant-id', SAMPLE.tenantId, '--client-id', APP_ID]
        .concat(['--api-url', harness.emulator.url, '--login-url', harness.emulator.url])
        .concat(['--graph-url', harness.emulator.url]),
      { cwd: harness.workspace, env: { AZURE_FEDERATED_TOKEN_FILE: tokenFile } }
    )

  it('a host it cannot reach: check this machine’s network, in one sentence each', async () => {
    const closed = 'http://127.0.0.1:9'
    const terminal = await cli('status', ...emulatorFlags(closed))
    expect(terminal.exitCode).toBe(1)
    expect(terminal.stdout).toContain('Check that this machine can reach 127.0.0.1:9')
    expect(terminal.stdout).not.toMatch(/self-hosted runner/)
    expect(terminal.stdout).not.toMatch(/\.\. /)
    const workflow = await action({ 'login-url': closed })
    expect(workflow.text).toContain('On a self-hosted runner, check that it can reach 127.0.0.1:9')
    // Each run retries its token request a few times, with backoff, before it reports.
  }, 60_000)

  it('AZURE_FEDERATED_TOKEN_FILE that cannot be read: names the variable, not GitHub’s permissions', async () => {
    const terminal = await federated(path.join(harness.workspace, 'no-such-token'))
    expect(terminal.exitCode).toBe(1)
    expect(terminal.stdout).toContain('AZURE_FEDERATED_TOKEN_FILE')
    expect(terminal.stdout + terminal.stderr).not.toMatch(/GitHub|id-token: write|The job/)
  })

  it('a federated token no credential matches: what the file’s token carries, not what GitHub sent', async () => {
    harness.emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId: APP_ID,
      federatedCredentials: [
        { issuer: 'https://token.actions.githubusercontent.com', subject: 'other', audience: 'x' }
      ]
    })
    harness.emulator.github.subject = 'system:serviceaccount:marketplace:publisher'
    const url = new URL(harness.emulator.github.requestUrl)
    url.searchParams.set('audience', 'api://AzureADTokenExchange')
    const reply = await fetch(url, {
      headers: { authorization: `Bearer ${harness.emulator.github.requestToken}` }
    })
    await harness.write('token', ((await reply.json()) as { value: string }).value)
    const terminal = await federated(path.join(harness.workspace, 'token'))
    expect(terminal.exitCode).toBe(1)
    expect(terminal.stdout).toContain('matches the token in AZURE_FEDERATED_TOKEN_FILE')
    expect(terminal.stdout).toContain('subject:  system:serviceaccount:marketplace:publisher')
    // The issuer is the emulator's, which plays GitHub's; nothing else may speak of GitHub.
    expect(terminal.stdout + terminal.stderr).not.toMatch(/GitHub (ID|OIDC|sent|Actions)|The job/)
  })
})

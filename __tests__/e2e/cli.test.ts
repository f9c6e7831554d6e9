import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { SAMPLE } from '../../emulator/index.js'
import { COMMAND_NAMES } from '../../src/commands/index.js'
import type { RunResult } from '../../src/engine/result.js'
import { sampleToken } from '../emulator/support.js'
import { CLI_ENTRY, emulatorFlags, runCli, type CliRun } from '../../scripts/run-cli.js'
import { createTestCertificate } from '../support/certificates.js'
import { HOSTILE_TEXT } from '../support/hostile.js'
import { startHarness, writeRequests, type Harness } from './harness.js'

let harness: Harness
beforeEach(async () => {
  harness = await startHarness()
})
afterEach(async () => {
  await harness.close()
})

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { cwd: harness.workspace, env: { GITHUB_REF: 'refs/tags/v1.2.3', ...env } })
const signedIn = (command: string, ...args: string[]) =>
  cli([command, ...emulatorFlags(harness.emulator.url), ...args])
/** A command with the emulator's sign-in flags (those it takes: check signs in to nothing). */
const emulatorArgs = (command: string) =>
  command === 'check' || command === 'list'
    ? [command]
    : [command, ...emulatorFlags(harness.emulator.url)]
const json = (run: CliRun) => JSON.parse(run.stdout) as RunResult
/** No terminal escape sequence (colour) anywhere. */
const ESCAPE = '\u001b'

describe('the CLI runs every command on the engine', () => {
  it('publish: the summary as text on stdout, the log on stderr, exit 0', async () => {
    const run = await signedIn('publish')
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/^.*Partner Center publish to preview: submitted, in progress\n═+/)
    expect(run.stderr).toContain('▸ Upload, process and bind packages')
    expect(run.stdout + run.stderr).not.toContain(SAMPLE.clientSecret)
    expect(run.stdout + run.stderr).not.toContain(ESCAPE)
    // Not a terminal: plain lines, none redrawn in place.
    expect(run.stdout + run.stderr).not.toContain('\r')
    expect(writeRequests(harness.emulator).some((request) => /submissions$/.test(request))).toBe(
      true
    )
  })

  it('publish --json prints the result object only', async () => {
    const run = await signedIn('publish', '--json', '--dry-run')
    expect(run.exitCode).toBe(0)
    expect(json(run)).toMatchObject({ command: 'publish', status: 'dry-run', dryRun: true })
    expect(writeRequests(harness.emulator)).toEqual([])
  })

  it('status, go-live and cancel: human and --json, exit 0; go-live with nothing ready: exit 1', async () => {
    const published = json(await signedIn('publish', '--json', '--wait-timeout', '5'))
    expect(published.status).toBe('preview-ready')

    const status = await signedIn('status', '--offer-id', SAMPLE.offerId)
    expect(status.exitCode).toBe(0)
    expect(status.stdout).toContain('Partner Center status: preview ready')

    const live = await signedIn('go-live', '--json', '--wait-timeout', '5')
    expect(live.exitCode).toBe(0)
    expect(json(live)).toMatchObject({
      status: 'live',
      submission: { id: published.submission!.id }
    })

    const again = await signedIn('go-live')
    expect(again.exitCode).toBe(1)
    expect(again.stdout).toMatch(/No submission is waiting to go live/)

    const cancel = await signedIn('cancel', '--json')
    expect(cancel.exitCode).toBe(0)
    expect(json(cancel).notes.join(' ')).toMatch(/^Nothing to cancel/)
  })

  it('check and list sign in to nothing', async () => {
    const check = await cli(['check'])
    expect(check.exitCode).toBe(0)
    expect(check.stdout).toContain('Partner Center check: checked')
    const list = await cli(['list', '--json'])
    expect(list.exitCode).toBe(0)
    expect(json(list).matrix).toEqual([{ manifest: 'marketplace.yml', offer: 'contoso-app' }])
    // A terminal has no matrix output: it is told where the matrix is.
    const listed = await cli(['list', '--manifests', 'marketplace.yml'])
    expect(listed.stdout).toContain('`--json` prints them as `matrix`')
    expect(listed.stdout).toContain('▸ Flags used')
    expect(listed.stdout).not.toMatch(/\boutput\b|Inputs used/)
    expect(harness.emulator.requests).toEqual([])
  })

  it('usage errors exit 2: an unknown flag, a value the input refuses, no command', async () => {
    const unknown = await cli(['publish', '--tagret', 'live'])
    expect(unknown.exitCode).toBe(2)
    expect(unknown.stderr).toContain("unknown option '--tagret'")

    const refused = await signedIn('publish', '--target', 'nowhere')
    expect(refused.exitCode).toBe(2)
    expect(refused.stdout).toContain(
      '--target is "nowhere"; allowed values are draft, preview, live.'
    )

    const badOffer = await signedIn('status', '--offer-id', "x' or 'a' eq 'a")
    expect(badOffer.exitCode).toBe(2)
    expect(badOffer.stdout).toContain("--offer-id is \"x' or 'a' eq 'a\"; give the offer ID")

    expect((await cli([])).exitCode).toBe(2)

    // With --json a script reads stdout: the usage error reaches it as a failed result object.
    const unknownJson = await cli(['publish', '--tagret', 'live', '--json'])
    expect(unknownJson.exitCode).toBe(2)
    expect(JSON.parse(unknownJson.stdout)).toMatchObject({
      command: 'publish',
      status: 'failed',
      errorName: 'InputError',
      error: expect.stringContaining("unknown option '--tagret'")
    })
    const noCommand = await cli(['publsh', '--json'])
    expect(noCommand.exitCode).toBe(2)
    // The shape of every result, so that a script reading .plans does not break.
    expect(JSON.parse(noCommand.stdout)).toMatchObject({
      status: 'failed',
      errorName: 'InputError',
      plans: []
    })
    const jsonFirst = await cli(['--json', 'publish', '--bogus'])
    expect(JSON.parse(jsonFirst.stdout)).toMatchObject({ command: 'publish', status: 'failed' })
    // A secret given to a flag the command does not take stays out of stdout and the log.
    const secret = await cli(['check', '--json', '--client-secret=S3CR3T-VALUE'])
    expect(secret.exitCode).toBe(2)
    expect(JSON.parse(secret.stdout)).toMatchObject({
      error: expect.stringContaining("unknown option '--client-secret=***'")
    })
    expect(secret.stdout + secret.stderr).not.toContain('S3CR3T-VALUE')
    // The command line is outside text too: its control characters reach neither stream.
    const escape = await cli(['check', '--json', '--x\u001b]0;pwned\u0007'])
    expect(escape.exitCode).toBe(2)
    expect(escape.stdout + escape.stderr).not.toContain('\u001b')
    expect(escape.stdout + escape.stderr).not.toContain('\u0007')
    expect(JSON.parse(escape.stdout)).toMatchObject({ status: 'failed' })
    // A value a flag refuses is an input error by name too, as a script reads it.
    const refusedJson = await signedIn('publish', '--target', 'nowhere', '--json')
    expect(refusedJson.exitCode).toBe(2)
    expect(JSON.parse(refusedJson.stdout)).toMatchObject({ errorName: 'InputError' })
    expect(harness.emulator.requests).toEqual([])
  })

  it('advice names flags and subcommands, not workflow settings', async () => {
    const dryRun = await signedIn('publish', '--dry-run')
    expect(dryRun.stdout).toContain('To make these changes, run again with `--dry-run false`.')
    const refused = await signedIn('publish', '--target', 'nowhere')
    expect(refused.stdout).toContain(
      'Fix the flag named above; `partner-center-publish <command> --help`'
    )
    const missing = await signedIn('publish', '--manifest', 'nope.yml')
    expect(missing.stdout).toContain('or set --manifest to its path')
    await harness.write('broken.yml', 'offer: [')
    const broken = await signedIn('publish', '--manifest', 'broken.yml')
    expect(broken.exitCode).toBe(1)
    expect(broken.stdout).toContain(
      'Fix the manifest where the error above points (file:line:column);'
    )
    const none = await cli(['list', '--manifests', 'nowhere/*.yml'])
    expect(none.stdout).toContain('Check the `--manifests` flag (a glob')
    // --json's messages too: a script shows them to the person who typed the flags.
    const noneJson = json(await cli(['list', '--json', '--manifests', 'nowhere/*.yml']))
    expect(noneJson.error).toContain('Check the `--manifests` flag (a glob')
    const published = await signedIn('publish', '--wait-timeout', '5')
    expect(published.stdout).toContain('`partner-center-publish go-live`')
    for (const run of [dryRun, refused, missing, broken, none, published]) {
      expect(run.stdout).not.toMatch(
        /`(dry-run|command|target): |`with:`|the `manifest` input|annotation/
      )
    }
  })

  /** Wording only a workflow has: the action's input forms, its `with:` block, the job. */
  const WORKFLOW_WORDING =
    /\bInput [a-z-]+\b|`[a-z-]+: [^`]+`|\bcommand: |the `?[a-z-]+`? input\b|`with:`|\bthis action\b|\bthe job\b|job summary|annotation|GitHub-hosted|\bset (offer-id|manifest|wait-timeout|tenant-id|client-id|product-id)\b|input error|Inputs used|\boutputs?\b/

  it.each([
    ['publish', '--manifest', 'nope.yml'],
    ['check', '--manifest', 'nope.yml'],
    ['status', '--manifest', 'nope.yml'],
    ['export', '--manifest', 'nope.yml'],
    ['publish', '--target', 'live'],
    ['publish', '--target', 'nowhere'],
    ['publish', '--on-conflict', 'later'],
    ['publish', '--dry-run', 'maybe'],
    ['publish', '--wait-timeout', '-1'],
    ['check', '--preflight', 'strict'],
    ['status', '--offer-id', 'a b'],
    ['status', '--product-id', 'not-a-guid'],
    ['status', '--offer-id', 'contoso-app', '--publisher-id', 'x 1'],
    ['status', '--offer-id', 'contoso-app', '--api-url', 'http://partner.example'],
    ['status', '--offer-id', 'contoso-app', '--tenant-id', 'a b', '--client-id', 'c'],
    ['status', '--offer-id', 'contoso-app', '--client-secret', 's'],
    ['status', '--offer-id', 'contoso-app', '--client-id', 'c'],
    // A path where the PEM's text goes, as a newcomer types it.
    [
      ...['status', '--offer-id', 'contoso-app', '--tenant-id', SAMPLE.tenantId],
      ...['--client-id', SAMPLE.clientId, '--client-certificate', './app.pem']
    ],
    ['export', '--offer-id', 'contoso-app', '--export-path', '.']
  ])(
    'a usage error (%s …) exits 2 and is told in flags, not workflow settings',
    async (...args) => {
      const run = await cli(args)
      expect(run.exitCode).toBe(2)
      expect(run.stdout).toMatch(/--[a-z-]+/)
      expect(run.stdout + run.stderr).not.toMatch(WORKFLOW_WORDING)
      expect(harness.emulator.requests).toEqual([])
    }
  )

  it.each(COMMAND_NAMES)(
    '%s: an unknown flag, and a flag without its value, exit 2',
    async (name) => {
      const unknown = await cli([name, '--no-such-flag'])
      expect(unknown.exitCode).toBe(2)
      expect(unknown.stderr).toContain("unknown option '--no-such-flag'")
      const flag = name === 'list' ? '--manifests' : name === 'check' ? '--manifest' : '--offer-id'
      const empty = await cli([name, flag])
      expect(empty.exitCode).toBe(2)
      expect(empty.stderr).toContain(`option '${flag} <value>' argument missing`)
    }
  )

  it.each(COMMAND_NAMES.filter((name) => name !== 'list'))(
    '%s without the manifest or offer ID it needs exits 2 before any call',
    async (name) => {
      await rm(path.join(harness.workspace, 'marketplace.yml'))
      const run = await cli(emulatorArgs(name))
      expect(run.exitCode).toBe(2)
      expect(run.stdout).toMatch(/--(manifest|offer-id) is /)
      expect(harness.emulator.requests).toEqual([])
    }
  )

  it('a manifest that is missing is a usage error (2), one that is wrong a failure (1)', async () => {
    const missing = await signedIn('publish', '--manifest', 'nope.yml')
    expect(missing.exitCode).toBe(2)
    expect(missing.stdout).toContain(
      'or set --manifest to its path relative to the current directory, or GITHUB_WORKSPACE when set.'
    )
    // list: a glob that finds nothing, or too much, is the flag to fix.
    const none = await cli(['list', '--manifests', 'nowhere/*.yml'])
    expect(none.exitCode).toBe(2)
    expect(none.stdout).toContain('failed — usage error')
    expect(none.stdout).toContain(
      'Check the `--manifests` flag (a glob relative to the current directory, or GITHUB_WORKSPACE when set).'
    )
    expect(missing.stdout + none.stdout).not.toMatch(/\)\)/)
    // Refused on the flags alone: nothing was asked of Entra ID or Partner Center.
    expect(harness.emulator.requests).toEqual([])
    await harness.write('broken.yml', 'offer: [')
    expect((await signedIn('publish', '--manifest', 'broken.yml')).exitCode).toBe(1)
    await harness.write('offers/a/marketplace.yml', 'offer: [')
    expect((await cli(['list', '--manifests', 'offers/**/marketplace.yml'])).exitCode).toBe(1)
  })

  it('a path flag that leaves the workspace is a usage error (2), refused before any request', async () => {
    const outside = await signedIn('export', '--export-path', '../elsewhere')
    expect(outside.exitCode).toBe(2)
    expect(outside.stdout).toContain('failed — usage error')
    expect(outside.stdout).toContain('The --export-path ../elsewhere resolves to')
    // export writes there: the advice is where to write, not to build or copy a file to read.
    expect(outside.stdout).toContain('give a folder inside it')
    expect(outside.stdout).not.toContain('build or copy it there')
    expect(harness.emulator.requests).toEqual([])
    // A manifest behind a symlink to a file outside (any file: it is refused before it is read).
    await symlink(process.execPath, path.join(harness.workspace, 'linked.yml'))
    const manifest = await cli(['publish', '--manifest', 'linked.yml'], {
      GITHUB_WORKSPACE: harness.workspace
    })
    expect(manifest.exitCode).toBe(2)
    expect(manifest.stdout).toContain('The manifest linked.yml resolves to')
    expect(harness.emulator.requests).toEqual([])
  })

  it('a URL flag with a user name and password is refused, and the password is shown nowhere', async () => {
    const withPassword = harness.emulator.url.replace('//', '//publisher:hunter2-password@')
    for (const flag of ['--api-url', '--login-url', '--graph-url']) {
      for (const json of [[], ['--json']]) {
        const run = await signedIn('status', flag, withPassword, ...json)
        expect(run.exitCode).toBe(2)
        expect(run.stdout + run.stderr).not.toContain('hunter2-password')
        expect(run.stdout).toContain(`${flag} must be an origin, without a user name or password`)
      }
    }
    expect(harness.emulator.requests).toEqual([])
  })

  it.each(['--help', ...COMMAND_NAMES.map((name) => `${name} --help`)])(
    '%s documents the exit codes',
    async (line) => {
      const help = await cli(line.split(' '))
      expect(help.stdout).toMatch(
        /^Exit codes:\n {2}0 +done\n {2}1 +failed .*\n {2}2 +usage error/m
      )
      expect(help.stdout).toMatch(
        /^ {2}130 +interrupted by Ctrl-C \(SIGINT\), 143 stopped by SIGTERM/m
      )
    }
  )

  it('--help of each command lists its flags with their defaults', async () => {
    const help = await cli(['publish', '--help'])
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toMatch(/--target <value> +For publish: draft/)
    expect(help.stdout).toContain('(default: "preview")')
  })

  it.each(['--help', ...COMMAND_NAMES.map((name) => `${name} --help`)])(
    '%s speaks of flags and subcommands, not workflow settings',
    async (line) => {
      const help = await cli(line.split(' '))
      expect(help.exitCode).toBe(0)
      expect(help.stdout).not.toMatch(
        /\bcommand (publish|status|go-live|cancel|check|list|export)\b|(?<![-\w`])(export-path|client-secret|client-certificate)\b|GitHub OIDC|id-token|from a secret/
      )
    }
  )

  it('--help says that --client-certificate is the PEM itself, and where a file goes', async () => {
    const help = await cli(['status', '--help'])
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '(the PEM text itself; AZURE_CLIENT_CERTIFICATE_PATH names a file)'
    )
  })

  it.each(COMMAND_NAMES)('%s --help shows an example', async (name) => {
    const help = await cli([name, '--help'])
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toMatch(
      new RegExp(`\\nExample \\(.+\\):\\n  \\$ partner-center-publish ${name} --`)
    )
  })

  it('every command of the README’s Command line section runs as shown', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## Command line'))
    const block = section.slice(
      section.indexOf('```sh'),
      section.indexOf('```', section.indexOf('```sh') + 5)
    )
    const lines = [...block.matchAll(/^npx partner-center-publish (.+?)(?:\s+#.*)?$/gm)].map(
      (line) => line[1].split(' ').map((word) => word.replace(/^'(.*)'$/, '$1'))
    )
    expect(lines.length).toBeGreaterThanOrEqual(5)
    // The offers/ folder of the list example.
    await harness.write(
      'offers/contoso-app/marketplace.yml',
      await readFile(path.join(harness.workspace, 'marketplace.yml'), 'utf8')
    )
    for (const [command, ...args] of lines) {
      const run = await cli([...emulatorArgs(command), ...args])
      expect({ line: [command, ...args].join(' '), exitCode: run.exitCode }).toEqual({
        line: [command, ...args].join(' '),
        exitCode: 0
      })
    }
  })
})

describe('the CLI signs in the way Azure developers do', () => {
  const urls = () => [
    ...['--api-url', harness.emulator.url, '--login-url', harness.emulator.url],
    ...['--graph-url', harness.emulator.url]
  ]

  it('with the Azure SDKs’ environment variables', async () => {
    const run = await cli(['status', '--json', ...urls()], {
      AZURE_TENANT_ID: SAMPLE.tenantId,
      AZURE_CLIENT_ID: SAMPLE.clientId,
      AZURE_CLIENT_SECRET: SAMPLE.clientSecret
    })
    expect(run.exitCode).toBe(0)
    expect(json(run)).toMatchObject({ offerId: SAMPLE.offerId, productId: expect.any(String) })
    expect(json(run).status).not.toBe('failed')
    expect(run.stderr).toContain(`Signing in to Entra ID as ${SAMPLE.clientId} with client secret`)
    expect(run.stdout + run.stderr).not.toContain(SAMPLE.clientSecret)
  })

  it('keeps the translated Entra message for a wrong secret', async () => {
    const run = await cli(['status', ...urls()], {
      AZURE_TENANT_ID: SAMPLE.tenantId,
      AZURE_CLIENT_ID: SAMPLE.clientId,
      AZURE_CLIENT_SECRET: 'not-the-secret'
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('AADSTS7000215')
    // The advice in the CLI's terms: no GitHub secret to update here.
    expect(run.stdout).toContain('update the secret given to the CLI')
    expect(run.stdout + run.stderr).not.toMatch(/GitHub secret|the runner/)
    expect(run.stdout + run.stderr).not.toContain('not-the-secret')
  })

  it('an app without a credential is a usage error that names the flags and variables, not GitHub’s', async () => {
    const run = await cli(['status', ...urls()], {
      AZURE_TENANT_ID: SAMPLE.tenantId,
      AZURE_CLIENT_ID: SAMPLE.clientId
    })
    expect(run.exitCode).toBe(2)
    expect(run.stdout).toContain(
      'A client ID is given but no credential: set --client-secret (or AZURE_CLIENT_SECRET)'
    )
    expect(run.stdout).toContain('AZURE_FEDERATED_TOKEN_FILE')
    expect(run.stdout + run.stderr).not.toMatch(/GitHub|workflow|id-token|permissions:/)
    expect(harness.emulator.requests).toEqual([])
  })

  /** A stub `az` first on PATH: prints the token for the resource asked, or says to log in. */
  async function stubAz(tokens: Record<string, string> | undefined): Promise<string> {
    const bin = path.join(harness.workspace, 'bin')
    await mkdir(bin, { recursive: true })
    const cases = Object.entries(tokens ?? {})
      .map(
        ([resource, token]) =>
          `    ${resource}) printf '{"accessToken":"%s","expires_on":%s}' '${token}' "$(($(date +%s)+3600))" ;;`
      )
      .join('\n')
    const script = tokens
      ? `#!/bin/sh\necho "$@" >> "${bin}/az.log"\ncase "$4" in\n${cases}\n    *) echo "unknown resource $4" >&2; exit 1 ;;\nesac\n`
      : `#!/bin/sh\necho "ERROR: Please run 'az login' to setup account." >&2\nexit 1\n`
    await writeFile(path.join(bin, 'az'), script)
    await chmod(path.join(bin, 'az'), 0o755)
    return `${bin}:${process.env.PATH ?? ''}`
  }

  it('with the Azure CLI’s account (a stubbed az on PATH) when no app is given', async () => {
    const PATH = await stubAz({
      'https://api.partner.microsoft.com': await sampleToken(harness.emulator),
      'https://graph.microsoft.com': await sampleToken(
        harness.emulator,
        'https://graph.microsoft.com'
      )
    })
    const minted = harness.emulator.requests.length
    const run = await cli(['publish', '--json', ...urls()], {
      PATH
    })
    expect(run.exitCode).toBe(0)
    expect(json(run).status).toBe('submitted')
    expect(run.stderr).toContain('with the Azure CLI (az login)')
    // No tenant given: az's own default tenant.
    expect(await readFile(path.join(harness.workspace, 'bin/az.log'), 'utf8')).not.toContain(
      '--tenant'
    )
    expect(
      harness.emulator.requests.slice(minted).filter((request) => /\/oauth2\//.test(request.path))
    ).toEqual([])
  })

  it('asks az for a token of the tenant --tenant-id (or AZURE_TENANT_ID) names', async () => {
    // Graph too: the 2026 profile finds a migrated offer through the Product Ingestion API.
    const PATH = await stubAz({
      'https://api.partner.microsoft.com': await sampleToken(harness.emulator),
      'https://graph.microsoft.com': await sampleToken(
        harness.emulator,
        'https://graph.microsoft.com'
      )
    })
    const run = await cli(['status', '--json', ...urls()], {
      PATH,
      AZURE_TENANT_ID: SAMPLE.tenantId
    })
    expect(run.exitCode).toBe(0)
    expect(await readFile(path.join(harness.workspace, 'bin/az.log'), 'utf8')).toContain(
      `account get-access-token --resource https://api.partner.microsoft.com --output json --tenant ${SAMPLE.tenantId}`
    )
  })

  it('says to run az login when the Azure CLI is signed out', async () => {
    const run = await cli(['status', ...urls()], { PATH: await stubAz(undefined) })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('The Azure CLI is not signed in: run `az login`')
  })
})

describe('the CLI bundle', () => {
  it('carries no @actions/core: the summary is rendered by src/report/, not the action’s shell', async () => {
    const folder = path.dirname(CLI_ENTRY)
    const files = (await readdir(folder)).filter((file) => file.endsWith('.js'))
    const bundle = (
      await Promise.all(files.map((file) => readFile(path.join(folder, file), 'utf8')))
    ).join('\n')
    expect(bundle).toContain('Partner Center')
    // What only @actions/core holds: its summary writer, its workflow commands, its OIDC client.
    for (const marker of ['Unable to access summary file', 'GITHUB_STEP_SUMMARY', 'add-mask']) {
      expect(bundle).not.toContain(marker)
    }
  })
})

describe('terminal output', () => {
  it('has no colour when stdout is not a terminal, nor with NO_COLOR', async () => {
    for (const env of [{}, { NO_COLOR: '1' }] as Record<string, string>[]) {
      const run = await cli(['check', '--target', 'x'], env)
      expect(run.exitCode).toBe(2)
      expect(run.stdout + run.stderr).not.toContain(ESCAPE)
    }
  })
})

describe('the CLI in a pipe whose reader stops early (`| head`)', () => {
  /** The CLI with the read end of its stdout or stderr closed before it writes anything. */
  async function closedPipe(args: string[], closed: 'stdout' | 'stderr') {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
      cwd: harness.workspace,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: harness.workspace,
        GITHUB_REF: 'refs/tags/v1.2.3'
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child[closed].destroy()
    const open = closed === 'stdout' ? child.stderr : child.stdout
    let text = ''
    open.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve))
    return { exitCode, text }
  }

  it('stdout closed: --help and --json end quietly with their exit code', async () => {
    for (const args of [
      ['publish', '--help'],
      ['list', '--json']
    ]) {
      const run = await closedPipe(args, 'stdout')
      expect(run.text).not.toMatch(/EPIPE|Error|at /)
      expect(run.exitCode).toBe(0)
    }
  })

  it('stderr closed: the run goes on without its log, and prints the summary', async () => {
    const run = await closedPipe(
      ['publish', '--dry-run', ...emulatorFlags(harness.emulator.url)],
      'stderr'
    )
    expect(run.exitCode).toBe(0)
    expect(run.text).toContain('Partner Center publish to preview (dry run): planned')
  })
})

describe('server text on the terminal', () => {
  it('a hostile server’s text reaches neither stdout nor stderr as a control character, raw or as an HTML entity', async () => {
    // Server text is escaped into the summary's HTML and decoded back for the terminal: an
    // entity the server wrote must come out as the text it was, not decoded a second time.
    const hostile = `${HOSTILE_TEXT} &#x1b;[31mRED&#x1b;[0m &#27;[2J &#x9b;2J &#X1B;]0;title&#7;`
    harness.emulator.scenario.failNextPackageProcessing(SAMPLE.offerId, [
      { errorCode: 'BadPackage', severity: 'Error', message: hostile, resource: 'x' }
    ])
    const run = await signedIn('publish', '--wait-timeout', '5')
    expect(run.exitCode).toBe(1)
    // The text did reach the summary, its entities shown as written.
    expect(run.stdout).toContain('&#x1b;[31mRED&#x1b;[0m &#27;[2J &#x9b;2J')
    // eslint-disable-next-line no-control-regex
    expect(run.stdout + run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
  })
})

describe('the CLI on a terminal', () => {
  /**
   * The CLI with a pseudo-terminal as its stdin, stdout and stderr (util-linux `script`), as a
   * person runs it; both streams come back merged, each line ended by \r\n. Asynchronous: the
   * emulator answers from this process.
   */
  async function onTerminal(args: string[], env: Record<string, string>) {
    const command = [process.execPath, CLI_ENTRY, ...args].join(' ')
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: harness.workspace,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: harness.workspace,
        GITHUB_REF: 'refs/tags/v1.2.3',
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve))
    return { status, stdout }
  }
  // Without util-linux `script` there is no terminal to give it: the check is skipped, by name.
  const haveScript = spawnSync('script', ['--version']).status === 0
  const describeOnTerminal = haveScript ? describe : describe.skip

  describeOnTerminal(`with a pseudo-terminal${haveScript ? '' : ' (SKIPPED: no script)'}`, () => {
    it('colours the summary’s title on a TTY, and not with NO_COLOR', async () => {
      const coloured = await onTerminal(['check'], {})
      expect(coloured.status).toBe(0)
      expect(coloured.stdout).toContain('\u001b[32m')
      const plain = await onTerminal(['check'], { NO_COLOR: '1' })
      expect(plain.status).toBe(0)
      expect(plain.stdout).toContain('Partner Center check: checked')
      expect(plain.stdout).not.toContain(ESCAPE)
    })

    const publishArgs = () => [
      ...['publish', '--wait-timeout', '5'],
      ...emulatorFlags(harness.emulator.url)
    ]
    // Polls a second apart: each wait lasts a few reads.
    const POLL = { PARTNER_CENTER_POLL_MS: '1000,1000' }

    it('draws bars for the uploads and the waits', async () => {
      const barred = await onTerminal(publishArgs(), POLL)
      expect(barred.status).toBe(0)
      expect(barred.stdout).toMatch(/Uploading (standard|premium)\.zip [█░]+ \d+% /)
      expect(barred.stdout).toMatch(/Submission \d+ [█░]+ \d+% \d+ s of 5 min/)
      expect(barred.stdout).toContain('Partner Center publish to preview: preview ready')
    })

    it('with NO_COLOR: plain lines, no escape sequence, no line redrawn in place', async () => {
      const plain = await onTerminal(publishArgs(), { ...POLL, NO_COLOR: '1' })
      expect(plain.status).toBe(0)
      expect(plain.stdout).toContain('Partner Center publish to preview: preview ready')
      expect(plain.stdout).toMatch(/Submission \d+: InProgress/)
      expect(plain.stdout).not.toContain(ESCAPE)
      // The terminal ends each line with \r\n; a \r alone would redraw a line in place.
      expect(plain.stdout).not.toMatch(/\r(?!\n)/)
      expect(plain.stdout).not.toMatch(/[█░]/)
    })
  })

  /** A publish stopped by `signal` once it waits for the preview (after it submitted). */
  async function stoppedWhileWaiting(signal: NodeJS.Signals, ...flags: string[]) {
    let sent = false
    const run = await runCli(
      ['publish', ...flags, '--wait-timeout', '60', ...emulatorFlags(harness.emulator.url)],
      {
        cwd: harness.workspace,
        env: { GITHUB_REF: 'refs/tags/v1.2.3', PARTNER_CENTER_POLL_MS: '2000' },
        onSpawn: (child) =>
          child.stderr!.on('data', (chunk: Buffer) => {
            if (!sent && chunk.toString().includes('▸ Wait for preview')) {
              sent = true
              child.kill(signal)
            }
          })
      }
    )
    expect(sent).toBe(true)
    return run
  }

  it('Ctrl-C stops a waiting publish like a cancelled job, reports what was done, and exits 130', async () => {
    const run = await stoppedWhileWaiting('SIGINT', '--json')
    // 128 + SIGINT's 2, as a shell reports a command Ctrl-C stopped: scripts tell it from a failure.
    expect(run.exitCode).toBe(130)
    expect(run.stderr).toContain('SIGINT received: stopping and reporting what was done.')
    const result = json(run)
    expect(result.status).toBe('failed')
    expect(result.submission?.id).toMatch(/^\d+$/)
    expect(result.notes.join(' ')).toMatch(/Run the same publish again to finish/)
  })

  it('Ctrl-C while the offer is read: the packages created ahead are deleted, told in the CLI’s words', async () => {
    // The plan list hangs, so Ctrl-C comes while packages created ahead of the plans are bound to
    // nothing (src/engine/apply/speculative-packages.ts).
    harness.emulator.faults.add({ method: 'GET', path: /\/variants$/i, delayMs: 3000, times: 1 })
    let sent = false
    const run = await runCli(['publish', ...emulatorFlags(harness.emulator.url)], {
      cwd: harness.workspace,
      env: { GITHUB_REF: 'refs/tags/v1.2.3' },
      onSpawn: (child) => {
        let log = ''
        child.stderr!.on('data', (chunk: Buffer) => {
          log += chunk.toString()
          if (!sent && /ahead of the plan/.test(log)) {
            sent = true
            child.kill('SIGINT')
          }
        })
      }
    })
    expect(sent).toBe(true)
    expect(run.exitCode).toBe(130)
    expect(run.stdout).toMatch(
      /ahead of the plan, while the offer was read, but the run was interrupted: deleted again/
    )
    expect(run.stdout + run.stderr).not.toMatch(/the job was cancelled/)
    await new Promise((resolve) => setTimeout(resolve, 3000))
  })

  it('SIGTERM: the summary says what was done, then the CLI exits 143', async () => {
    const run = await stoppedWhileWaiting('SIGTERM')
    expect(run.exitCode).toBe(143)
    expect(run.stderr).toContain('SIGTERM received: stopping and reporting what was done.')
    expect(run.stdout).toContain(
      'Partner Center publish to preview: failed — the run was interrupted'
    )
    expect(run.stdout).toMatch(/Run the same publish again to finish/)
  })
})

describe('the CLI signs in as an app from files the environment names', () => {
  beforeEach(async () => {
    // Real-time speed: assertions are signed with this clock and checked against the emulator's.
    await harness.close()
    harness = await startHarness({ speed: 1, timings: { packageProcessing: 1 } })
  })
  const APP_ID = '5d1f3c2b-8a7e-4f60-9b1c-2e3d4f5a6b7c'
  const urls = () => [
    ...['--api-url', harness.emulator.url, '--login-url', harness.emulator.url],
    ...['--graph-url', harness.emulator.url]
  ]

  it('AZURE_CLIENT_CERTIFICATE_PATH: the PEM file’s certificate and key', async () => {
    const certificate = createTestCertificate()
    harness.emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId: APP_ID,
      certificatePem: certificate.certificatePem
    })
    await harness.write('secrets/app.pem', certificate.combinedPem)
    const run = await cli(['publish', '--target', 'draft', ...urls()], {
      AZURE_TENANT_ID: SAMPLE.tenantId,
      AZURE_CLIENT_ID: APP_ID,
      AZURE_CLIENT_CERTIFICATE_PATH: path.join(harness.workspace, 'secrets/app.pem')
    })
    expect(run.exitCode).toBe(0)
    expect(run.stderr).toContain(`(certificate (thumbprint ${certificate.thumbprint}))`)
    expect(run.stdout + run.stderr).not.toContain(certificate.privateKeyPem.split('\n')[1])
  })

  it.each(['/dev/zero', 'a FIFO'])(
    'a credential file that never ends (%s) is refused, not read until memory runs out',
    async (kind) => {
      const file = kind === 'a FIFO' ? path.join(harness.workspace, 'fifo') : kind
      if (kind === 'a FIFO') spawnSync('mkfifo', [file])
      const certificate = await cli(['status', ...urls()], {
        AZURE_TENANT_ID: SAMPLE.tenantId,
        AZURE_CLIENT_ID: APP_ID,
        AZURE_CLIENT_CERTIFICATE_PATH: file
      })
      expect(certificate.exitCode).toBe(2)
      expect(certificate.stdout).toContain(
        `AZURE_CLIENT_CERTIFICATE_PATH is ${file}, which cannot be read as a PEM (not a regular file)`
      )
      const token = await cli(['status', ...urls()], {
        AZURE_TENANT_ID: SAMPLE.tenantId,
        AZURE_CLIENT_ID: APP_ID,
        AZURE_FEDERATED_TOKEN_FILE: file
      })
      expect(token.exitCode).toBe(1)
      expect(token.stdout).toContain('AZURE_FEDERATED_TOKEN_FILE')
      expect(token.stdout).toContain('not a regular file')
    }
  )

  it('AZURE_FEDERATED_TOKEN_FILE: the token in the file is the client assertion', async () => {
    const subject = 'system:serviceaccount:marketplace:publisher'
    harness.emulator.github.subject = subject
    harness.emulator.entra.registerApp({
      tenantId: SAMPLE.tenantId,
      clientId: APP_ID,
      federatedCredentials: [
        {
          issuer: 'https://token.actions.githubusercontent.com',
          subject,
          audience: 'api://AzureADTokenExchange'
        }
      ]
    })
    const url = new URL(harness.emulator.github.requestUrl)
    url.searchParams.set('audience', 'api://AzureADTokenExchange')
    const reply = await fetch(url, {
      headers: { authorization: `Bearer ${harness.emulator.github.requestToken}` }
    })
    await harness.write('secrets/token', ((await reply.json()) as { value: string }).value)
    const run = await cli(['status', '--json', ...urls()], {
      AZURE_TENANT_ID: SAMPLE.tenantId,
      AZURE_CLIENT_ID: APP_ID,
      AZURE_FEDERATED_TOKEN_FILE: path.join(harness.workspace, 'secrets/token')
    })
    expect(run.exitCode).toBe(0)
    expect(json(run).productId).toEqual(expect.any(String))
  })
})

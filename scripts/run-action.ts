/**
 * Runs the bundled action (dist/index.js) the way the GitHub runner does: a child process with
 * INPUT_* variables and file-command files, nothing inherited from this process's environment.
 * Used by the demo, the end-to-end tests and the benchmarks.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SAMPLE } from '../emulator/index.js'

/** Inputs that sign the action in as the emulator's sample app and point it at the emulator. */
export function emulatorInputs(url: string): Record<string, string> {
  return {
    'tenant-id': SAMPLE.tenantId,
    'client-id': SAMPLE.clientId,
    'client-secret': SAMPLE.clientSecret,
    'api-url': url,
    'login-url': url,
    'graph-url': url
  }
}

export const ACTION_ENTRY = fileURLToPath(new URL('../dist/index.js', import.meta.url))

export interface ActionRun {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** What the action wrote to GITHUB_ENV (nothing, unless it leaks). */
  env: string
}

export interface RunActionOptions {
  /** Input names as in action.yml (kebab-case). */
  inputs: Record<string, string>
  /** Extra environment: GITHUB_REF, ACTIONS_ID_TOKEN_REQUEST_URL, PARTNER_CENTER_POLL_MS… */
  env?: Record<string, string>
  /** The workspace the action runs in (relative manifest paths resolve from it). */
  cwd?: string
  /** Called with the child as soon as it runs, e.g. to send it a signal. */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void
  /** Called with each chunk of stdout. */
  onStdout?: (chunk: string) => void
}

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'action-run-'))
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_PATH: path.join(dir, 'path')
  }
  // The runner creates these before the step; @actions/core appends to them.
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: options.cwd ?? process.cwd(),
    ...files,
    ...options.env
  }
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  try {
    const child = spawn(process.execPath, [ACTION_ENTRY], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    options.onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      options.onStdout?.(chunk)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolve) => child.on('close', (code, sig) => resolve([code, sig]))
    )
    return {
      exitCode,
      signal,
      stdout,
      stderr,
      outputs: parseOutputs(await readFile(files.GITHUB_OUTPUT, 'utf8')),
      summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
      env: await readFile(files.GITHUB_ENV, 'utf8')
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Parses `name<<delimiter\nvalue\ndelimiter` blocks as @actions/core writes them. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index])
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    while (++index < lines.length && lines[index] !== delimiter) value.push(lines[index])
    outputs[name] = value.join('\n')
  }
  return outputs
}

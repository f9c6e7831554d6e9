/**
 * Runs the bundled CLI (dist/cli/index.js) as a user's shell does: a child process with only the
 * environment given (no GitHub variables), in a workspace, its stdout not a terminal.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { SAMPLE } from '../emulator/index.js'

export const CLI_ENTRY = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))

export interface CliRun {
  exitCode: number | null
  stdout: string
  stderr: string
}

/** Flags that sign the CLI in as the emulator's sample app and point it at the emulator. */
export function emulatorFlags(url: string): string[] {
  return [
    ...['--tenant-id', SAMPLE.tenantId, '--client-id', SAMPLE.clientId],
    ...['--client-secret', SAMPLE.clientSecret],
    ...['--api-url', url, '--login-url', url, '--graph-url', url]
  ]
}

export async function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; onSpawn?: (child: ChildProcess) => void }
): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
    cwd: options.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: options.cwd,
      PARTNER_CENTER_POLL_MS: '50,200',
      ...options.env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  options.onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exitCode = await new Promise<number | null>((resolve) =>
    child.on('close', (code) => resolve(code))
  )
  return { exitCode, stdout, stderr }
}

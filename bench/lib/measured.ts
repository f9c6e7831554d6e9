/**
 * Peak memory of a child process: a tiny preload makes the child write its own
 * `process.resourceUsage()` on exit, so no external tool (`/usr/bin/time`) is needed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url))

export interface UsageProbe {
  /** Environment that makes a Node child report its resource usage. */
  env: Record<string, string>
  /** Peak RSS of the child in MiB, once it has exited. */
  peakRssMiB(): Promise<number>
  /**
   * CPU time (user + system, ms) the child used in all, and up to its first client socket (its
   * first request; undefined if it made none), once it has exited. Unlike wall time, it hardly
   * moves with the machine's load.
   */
  cpuMs(): Promise<{ total: number; firstSocket?: number }>
  dispose(): Promise<void>
}

export async function usageProbe(): Promise<UsageProbe> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-usage-'))
  const file = path.join(dir, 'usage.json')
  const usage = async () =>
    JSON.parse(await readFile(file, 'utf8')) as NodeJS.ResourceUsage & {
      cpuMsAtFirstSocket?: number
    }
  return {
    // Quoted: NODE_OPTIONS splits on spaces, and the checkout's path may have some.
    env: { NODE_OPTIONS: `--require ${JSON.stringify(PRELOAD)}`, BENCH_USAGE_FILE: file },
    async peakRssMiB() {
      return (await usage()).maxRSS / 1024
    },
    async cpuMs() {
      const { userCPUTime, systemCPUTime, cpuMsAtFirstSocket } = await usage()
      return { total: (userCPUTime + systemCPUTime) / 1000, firstSocket: cpuMsAtFirstSocket }
    },
    dispose: () => rm(dir, { recursive: true, force: true })
  }
}

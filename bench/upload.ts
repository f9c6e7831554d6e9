/**
 * 4. Upload: generated packages of 64 MiB, 300 MiB and 2 GiB, uploaded by the action's upload
 * step to the emulator's blob endpoint and to Azurite, against `curl -T` of the same file to the
 * same endpoint in the same run, alternating (3 rounds below 1 GiB, 1 at 2 GiB;
 * BENCH_UPLOAD_ROUNDS sets both). Throughput as a ratio to curl's (medians); peak RSS against
 * 150 MB; the CPU time of the client and of the store during the action's upload, for where the
 * time goes.
 */
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '../emulator/index.js'
import { startAzurite } from '../__tests__/support/azurite.js'
import { INSTANT_PROCESSING } from './lib/action.js'
import { newPackageSasUrl } from './lib/ingestion.js'
import { usageProbe } from './lib/measured.js'
import { MiB, writePackageFile } from './lib/package-file.js'
import { figure, median, type Figure } from './lib/report.js'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const WORK_DIR = path.join(HERE, '.work')
const CHILD_DIR = path.join(WORK_DIR, 'upload-child')
/** BENCH_UPLOAD_MIB=64 makes a quick run while working on the upload. */
const SIZES_MIB = (process.env.BENCH_UPLOAD_MIB ?? '64,300,2048').split(',').map(Number)
/** The goal for the action's peak RSS, in MB (10^6 bytes) as the issue states it. */
const RSS_GOAL_MB = 150
/** Rounds of (action, curl) per size and endpoint: medians of 3, one round of the 2 GiB file. */
const roundsFor = (sizeMiB: number): number =>
  Number(process.env.BENCH_UPLOAD_ROUNDS ?? (sizeMiB >= 1024 ? 1 : 3))

interface Upload {
  bytesPerSecond: number
  /** The transfer alone (what the action logs), without the check of the stored blob. */
  transferBytesPerSecond?: number
  peakRssMiB?: number
  /** CPU time (user + system) of the upload child during the upload step, ms. */
  clientCpuMs?: number
  /** Wall time of the upload step (curl: its time_total), ms. */
  stepMs?: number
  /** CPU time of the store's process while the child ran, ms (undefined where unreadable). */
  storeCpuMs?: number
}

/** Bundles upload-child.ts with ncc into bench/.work, as `npm run build` bundles the action. */
function buildUploadChild(): void {
  const ncc = path.join(HERE, '..', 'node_modules', '.bin', 'ncc')
  const entry = path.join(HERE, 'upload-child.ts')
  const built = spawnSync(ncc, ['build', entry, '-o', CHILD_DIR, '-q'], { encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`ncc failed:\n${built.stderr}${built.stdout}`)
}

/**
 * CPU time used so far by the store's process, ms: the benchmark's own for the emulator,
 * Azurite's from /proc (Linux) for Azurite; undefined where it cannot be read.
 */
async function storeCpuMs(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) {
    const usage = process.cpuUsage()
    return (usage.user + usage.system) / 1000
  }
  try {
    // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): utime and stime, in
    // clock ticks of 10 ms.
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

const cpuSpent = (before?: number, after?: number): number | undefined =>
  before !== undefined && after !== undefined ? after - before : undefined

async function actionUpload(file: string, sasUrl: string, storePid?: number): Promise<Upload> {
  const probe = await usageProbe()
  const storeCpuBefore = await storeCpuMs(storePid)
  try {
    const child = spawn(process.execPath, [path.join(CHILD_DIR, 'index.js'), file], {
      env: {
        PATH: process.env.PATH ?? '',
        BENCH_SAS_URL: sasUrl,
        ...probe.env
      },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    const [code] = (await once(child, 'close')) as [number | null]
    if (code !== 0) throw new Error(`The upload child failed (exit ${code}): ${stdout}`)
    const storeCpuAfter = await storeCpuMs(storePid)
    const outcome = JSON.parse(stdout) as {
      bytes: number
      stepMs: number
      stepCpuMs: number
      bytesPerSecond: number
    }
    return {
      bytesPerSecond: (outcome.bytes * 1000) / outcome.stepMs,
      transferBytesPerSecond: outcome.bytesPerSecond,
      peakRssMiB: await probe.peakRssMiB(),
      clientCpuMs: outcome.stepCpuMs,
      stepMs: outcome.stepMs,
      // The whole child's life (it also hashes the file first, which the store does not see).
      storeCpuMs: cpuSpent(storeCpuBefore, storeCpuAfter)
    }
  } finally {
    await probe.dispose()
  }
}

const curlAvailable = (): boolean => spawnSync('curl', ['--version']).status === 0

/** `curl -T`: one Put Blob of the whole file, the plainest upload there is. */
async function curlUpload(
  file: string,
  target: { sasUrl: string; storePid?: number },
  bytes: number
): Promise<Upload> {
  const { sasUrl } = target
  const storeCpuBefore = await storeCpuMs(target.storePid)
  const child = spawn(
    'curl',
    [
      '--silent',
      '--show-error',
      '--fail',
      '--output',
      '/dev/null',
      '--write-out',
      '%{time_total}',
      '-H',
      'x-ms-blob-type: BlockBlob',
      // No 100-continue round trip: the action's client does not make one either.
      '-H',
      'Expect:',
      '-T',
      file,
      sasUrl
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const [code] = (await once(child, 'close')) as [number | null]
  // curl's messages can quote the URL: keep the SAS signature out of the error.
  if (code !== 0)
    throw new Error(`curl -T failed (exit ${code}): ${stderr.replace(/sig=[^&\s]*/g, 'sig=***')}`)
  const storeCpuAfter = await storeCpuMs(target.storePid)
  return {
    bytesPerSecond: bytes / Number(stdout),
    stepMs: Number(stdout) * 1000,
    storeCpuMs: cpuSpent(storeCpuBefore, storeCpuAfter)
  }
}

const mibPerSecond = (uploads: Upload[]): number[] =>
  uploads.map((upload) => upload.bytesPerSecond / MiB)

const span = (values: number[]): string =>
  `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`

/** Median of the defined values; NaN when there is none. */
const medianOf = (values: (number | undefined)[]): number => {
  const known = values.filter((value): value is number => value !== undefined)
  return known.length > 0 ? median(known) : NaN
}

/** A context row: CPU time, ms, against the wall time it was spent in (the ratio: busy share). */
const cpuFigure = (name: string, value: number, wall: { name: string; value: number }): Figure =>
  figure({ benchmark: '4 upload', name, value, unit: 'ms', reference: wall, goal: '(context)' })

/** Throughput against curl's (medians), peak RSS (the highest), and where the step's time went. */
function uploadFigures(label: string, actions: Upload[], curls: Upload[]): Figure[] {
  const rounds = actions.length > 1 ? `, ${actions.length} rounds` : ''
  const curlRange = curls.length > 1 ? ` (${span(mibPerSecond(curls))})` : ''
  const step = { name: 'upload step', value: medianOf(actions.map((a) => a.stepMs)) }
  return [
    figure({
      benchmark: '4 upload',
      name:
        `${label}: throughput` +
        (actions.length > 1 ? ` (min–max ${span(mibPerSecond(actions))}${rounds})` : ''),
      value: median(mibPerSecond(actions)),
      unit: 'MiB/s',
      reference: {
        name: `curl -T${curlRange}`,
        value: curls.length > 0 ? median(mibPerSecond(curls)) : NaN
      },
      goal: '≥ 1× curl',
      pass: curls.length > 0 ? (ratio) => ratio >= 1 : undefined
    }),
    figure({
      benchmark: '4 upload',
      name: `${label}: peak RSS`,
      value: Math.max(...actions.map((a) => a.peakRssMiB ?? NaN)),
      unit: 'MiB',
      reference: { name: 'goal', value: (RSS_GOAL_MB * 1e6) / MiB },
      goal: '< 150 MB',
      pass: (ratio) => ratio < 1
    }),
    cpuFigure(
      `${label}: client CPU in the upload step`,
      medianOf(actions.map((a) => a.clientCpuMs)),
      step
    ),
    cpuFigure(
      `${label}: store CPU while the client ran`,
      medianOf(actions.map((a) => a.storeCpuMs)),
      step
    ),
    cpuFigure(`${label}: store CPU while curl ran`, medianOf(curls.map((c) => c.storeCpuMs)), {
      name: 'curl -T',
      value: medianOf(curls.map((c) => c.stepMs))
    })
  ]
}

export interface UploadResult {
  figures: Figure[]
  details: Record<string, unknown>
  notes: string[]
}

export async function uploadBenchmark(): Promise<UploadResult> {
  const notes: string[] = []
  const withCurl = curlAvailable()
  if (!withCurl) notes.push('curl is not installed: the curl baseline column is skipped.')
  await mkdir(WORK_DIR, { recursive: true })
  const emulator = await startEmulator({ timings: INSTANT_PROCESSING })
  const azurite = await startAzurite()
  const figures: Figure[] = []
  const details: Record<string, unknown>[] = []
  let uploads = 0
  const endpoints = [
    {
      name: 'emulator',
      sasUrl: () => newPackageSasUrl(emulator, `bench-${++uploads}.zip`),
      // The emulator runs in this process: its CPU time is this process's.
      pid: undefined,
      clean: async () => {}
    },
    {
      name: 'Azurite',
      sasUrl: async () => azurite.blobSasUrl(`bench-${++uploads}.zip`, 'rcw'),
      pid: azurite.pid,
      // Azurite keeps blobs in memory: drop each one once measured.
      clean: async () => {
        for await (const blob of azurite.container.listBlobsFlat())
          await azurite.container.deleteBlob(blob.name)
      }
    }
  ]
  try {
    buildUploadChild()
    for (const sizeMiB of SIZES_MIB) {
      const file = path.join(WORK_DIR, `package-${sizeMiB}MiB.zip`)
      const bytes = sizeMiB * MiB
      await writePackageFile(file, bytes)
      try {
        for (const endpoint of endpoints) {
          const actions: Upload[] = []
          const curls: Upload[] = []
          for (let round = 0; round < roundsFor(sizeMiB); round++) {
            actions.push(await actionUpload(file, await endpoint.sasUrl(), endpoint.pid))
            await endpoint.clean()
            if (withCurl)
              curls.push(
                await curlUpload(
                  file,
                  { sasUrl: await endpoint.sasUrl(), storePid: endpoint.pid },
                  bytes
                )
              )
            await endpoint.clean()
          }
          details.push({ sizeMiB, endpoint: endpoint.name, actions, curls })
          figures.push(...uploadFigures(`${sizeMiB} MiB → ${endpoint.name}`, actions, curls))
        }
      } finally {
        await rm(file, { force: true })
      }
    }
  } finally {
    await azurite.stop()
    await emulator.close()
    // Nothing generated stays behind (and the bundle would trip the linter).
    await rm(WORK_DIR, { recursive: true, force: true })
  }
  return { figures, details: { uploads: details }, notes }
}

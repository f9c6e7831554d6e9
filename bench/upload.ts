/**
 * 4. Upload: generated packages of 64 MiB, 300 MiB and 2 GiB, uploaded by the action's upload
 * step to the emulator's blob endpoint and to Azurite, against `curl -T` of the same file to the
 * same endpoint in the same run. Throughput as a ratio to curl's; peak RSS against 150 MB.
 */
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulator } from '../emulator/index.js'
import { startAzurite } from '../__tests__/support/azurite.js'
import { INSTANT_PROCESSING } from './lib/action.js'
import { newPackageSasUrl } from './lib/ingestion.js'
import { usageProbe } from './lib/measured.js'
import { MiB, writePackageFile } from './lib/package-file.js'
import { figure, type Figure } from './lib/report.js'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const WORK_DIR = path.join(HERE, '.work')
const CHILD_DIR = path.join(WORK_DIR, 'upload-child')
/** BENCH_UPLOAD_MIB=64 makes a quick run while working on the upload. */
const SIZES_MIB = (process.env.BENCH_UPLOAD_MIB ?? '64,300,2048').split(',').map(Number)
/** The goal for the action's peak RSS, in MB (10^6 bytes) as the issue states it. */
const RSS_GOAL_MB = 150

interface Upload {
  bytesPerSecond: number
  /** The transfer alone (what the action logs), without the check of the stored blob. */
  transferBytesPerSecond?: number
  peakRssMiB?: number
}

/** Bundles upload-child.ts with ncc into bench/.work, as `npm run build` bundles the action. */
function buildUploadChild(): void {
  const ncc = path.join(HERE, '..', 'node_modules', '.bin', 'ncc')
  const entry = path.join(HERE, 'upload-child.ts')
  const built = spawnSync(ncc, ['build', entry, '-o', CHILD_DIR, '-q'], { encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`ncc failed:\n${built.stderr}${built.stdout}`)
}

async function actionUpload(file: string, sasUrl: string): Promise<Upload> {
  const probe = await usageProbe()
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
    const outcome = JSON.parse(stdout) as { bytes: number; stepMs: number; bytesPerSecond: number }
    return {
      bytesPerSecond: (outcome.bytes * 1000) / outcome.stepMs,
      transferBytesPerSecond: outcome.bytesPerSecond,
      peakRssMiB: await probe.peakRssMiB()
    }
  } finally {
    await probe.dispose()
  }
}

const curlAvailable = (): boolean => spawnSync('curl', ['--version']).status === 0

/** `curl -T`: one Put Blob of the whole file, the plainest upload there is. */
async function curlUpload(file: string, sasUrl: string, bytes: number): Promise<Upload> {
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
  return { bytesPerSecond: bytes / Number(stdout) }
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
      clean: async () => {}
    },
    {
      name: 'Azurite',
      sasUrl: async () => azurite.blobSasUrl(`bench-${++uploads}.zip`, 'rcw'),
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
          const action = await actionUpload(file, await endpoint.sasUrl())
          await endpoint.clean()
          const curl = withCurl ? await curlUpload(file, await endpoint.sasUrl(), bytes) : undefined
          await endpoint.clean()
          details.push({ sizeMiB, endpoint: endpoint.name, action, curl })
          const label = `${sizeMiB} MiB → ${endpoint.name}`
          figures.push(
            figure({
              benchmark: '4 upload',
              name: `${label}: throughput`,
              value: action.bytesPerSecond / MiB,
              unit: 'MiB/s',
              reference: { name: 'curl -T', value: curl ? curl.bytesPerSecond / MiB : NaN },
              goal: '≥ 1× curl',
              pass: curl ? (ratio) => ratio >= 1 : undefined
            }),
            figure({
              benchmark: '4 upload',
              name: `${label}: peak RSS`,
              value: action.peakRssMiB ?? NaN,
              unit: 'MiB',
              reference: { name: 'goal', value: (RSS_GOAL_MB * 1e6) / MiB },
              goal: '< 150 MB',
              pass: (ratio) => ratio < 1
            })
          )
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

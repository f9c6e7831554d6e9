/**
 * 2. Critical path and 3. plans: a publish to preview with every request 50 ms late and instant
 * processing, compared with the minimum the call order of §6.1 allows (see MINIMUM_ROUNDS).
 */
import { SAMPLE, startEmulator } from '../emulator/index.js'
import {
  INSTANT_PROCESSING,
  measureAction,
  REALISTIC_PAGE_SIZE,
  type MeasuredRun
} from './lib/action.js'
import { startBoundedProxy } from './lib/bounded-proxy.js'
import { addSamplePlans, frozenPackageDrafts } from './lib/ingestion.js'
import {
  callKind,
  countByKind,
  peakInFlight,
  recordTimeline,
  sequentialRounds,
  type TimedRequest
} from './lib/timeline.js'
import { planWorkspace } from './lib/workspace.js'

export const LATENCY_MS = 50
/** Odd, so that the median is one of the runs. */
const RUNS = 3

/**
 * The fewest round trips §6.1 allows for a publish to preview with plans run concurrently,
 * counting a step as soon as what it needs is known:
 *  1. token (step 0)
 *  2. find the offer (1): every later call needs its product id
 *  3. submissions (2), variants (3) and the branches of all five modules (4 and 12) at once:
 *     draft ids do not change when a draft is edited, so step 12 needs no second read
 *  4. per plan: its package configuration (9, needs the draft from 4) and POST package (5; after
 *     2, since an in-flight submission must be handled before anything is written, §6.3)
 *  5. PUT blob (6)   6. PUT package Uploaded (7)   7. GET package, Processed at once (8)
 *  8. PUT package configuration (10, needs 7 and 4)   9. POST submission (13, needs every 8)
 * One more round when a listed submission names a plan's Package draft (see FrozenDrafts).
 */
export const MINIMUM_ROUNDS = 9

/**
 * The plans whose Package draft a listed submission names: a submission freezes the draft
 * instances it names (§4), and the emulator moves such a draft to a new instance when it is
 * edited (emulator/ingestion/drafts.ts, `thawDraft`, an inference [I]). The bind's answer is the
 * configuration only, with no draft instance id (OpenAPI `AzureSolutionTemplatePackageConfiguration`,
 * §5.11), so the new instance is known only from the Package branch list read after the bind,
 * and the submission (step 13) waits for that read: one round and its pages more. The sample
 * offer's live submission names both sample plans' drafts.
 */
export interface FrozenDrafts {
  planIds: string[]
  /** Pages of the Package branch list read until every frozen plan's entry is found. */
  branchPages: number
}

/** The fewest rounds for this scenario: MINIMUM_ROUNDS, plus the re-read of frozen drafts. */
export function minimumRounds(frozen: FrozenDrafts): number {
  return MINIMUM_ROUNDS + (frozen.planIds.length > 0 ? frozen.branchPages : 0)
}

/** The calls §6.1 needs for `plans` plans, by kind (see callKind), and the frozen drafts' re-read. */
export function neededCalls(
  plans: number,
  frozen: FrozenDrafts = { planIds: [], branchPages: 0 }
): Map<string, number> {
  const product = '/products/{id}'
  const needed = new Map<string, number>([
    ['POST /oauth2/token', 1],
    ['GET /products', 1],
    [`GET ${product}/submissions`, 1],
    [`GET ${product}/variants`, 1],
    [`GET ${product}/packageConfigurations/getByInstanceID(instanceID={id})`, plans],
    [`POST ${product}/packages`, plans],
    ['PUT /blob/{sas}', plans],
    [`PUT ${product}/packages/{id}`, plans],
    [`GET ${product}/packages/{id}`, plans],
    [`PUT ${product}/packageConfigurations/{id}`, plans],
    [`POST ${product}/submissions`, 1]
  ])
  for (const module of ['Availability', 'Listing', 'Package', 'Property', 'ResellerConfiguration'])
    needed.set(`GET ${product}/branches/getByModule(module=${module})`, 1)
  const packageBranches = `GET ${product}/branches/getByModule(module=Package)`
  needed.set(packageBranches, 1 + (frozen.planIds.length > 0 ? frozen.branchPages : 0))
  return needed
}

export interface PublishMeasurement {
  plans: number
  inFlightLimit?: number
  wallMs: number
  calls: number
  neededCalls: number
  /** The fewest rounds this scenario allows (minimumRounds), and the plans whose drafts are frozen. */
  minimumRounds: number
  frozenDrafts: FrozenDrafts
  /** Calls beyond what §6.1 needs, as "kind ×n" (negative: fewer than expected). */
  extraCalls: string[]
  rounds: number
  peakInFlight: number
  peakInFlightIngestion: number
  peakRssMiB: number
  breakdown: TimeBreakdown
  /** Each request: ms after spawn it started and ended, and its kind. */
  timeline: string[]
}

function extraCalls(requests: TimedRequest[], needed: Map<string, number>): string[] {
  const observed = countByKind(requests)
  const kinds = new Set([...observed.keys(), ...needed.keys()])
  return [...kinds].flatMap((kind) => {
    const surplus = (observed.get(kind) ?? 0) - (needed.get(kind) ?? 0)
    return surplus === 0 ? [] : [`${kind} ×${surplus}`]
  })
}

/** Where the wall time went, from spawn to exit. */
export interface TimeBreakdown {
  /** Spawn to the first request. */
  startupMs: number
  /** Some request in flight. */
  networkMs: number
  /** Between the first request and the last answer, with no request in flight. */
  idleBetweenMs: number
  /** Last answer to exit. */
  exitMs: number
  /** The longest idle stretches, with the calls around them. */
  longestIdle: string[]
}

function breakdown(measured: MeasuredRun): TimeBreakdown {
  const sorted = [...measured.requests].sort((a, b) => a.startMs - b.startMs)
  let networkMs = 0
  let coveredTo = sorted[0].startMs
  let lastEnded = sorted[0]
  const gaps: { ms: number; text: string }[] = []
  for (const request of sorted) {
    const end = request.endMs ?? request.startMs
    if (request.startMs > coveredTo) {
      const ms = request.startMs - coveredTo
      gaps.push({
        ms,
        text: `${ms.toFixed(0)} ms after ${callKind(lastEnded.record)}, before ${callKind(request.record)}`
      })
    }
    if (end > coveredTo) {
      networkMs += end - Math.max(request.startMs, coveredTo)
      coveredTo = end
      lastEnded = request
    }
  }
  const startupMs = sorted[0].startMs - measured.spawnedAt
  const exitMs = measured.spawnedAt + measured.wallMs - coveredTo
  return {
    startupMs,
    networkMs,
    idleBetweenMs: measured.wallMs - startupMs - networkMs - exitMs,
    exitMs,
    longestIdle: gaps
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3)
      .map((gap) => gap.text)
  }
}

/** How one measured publish is set up. */
export interface PublishSetup {
  /**
   * A proxy that forwards at most this many calls at once between the action and the ingestion
   * API and Entra ID (not storage), to measure what bounded concurrency costs.
   */
  inFlightLimit?: number
  /** Earlier releases the offer has (packages and archived submissions), emulator scenario.history. */
  history?: number
  /** The emulator's page size (default REALISTIC_PAGE_SIZE). */
  pageSize?: number
}

/** One publish of `plans` plans to preview on a fresh offer, measured. */
export async function measurePublishOnce(
  plans: number,
  setup: PublishSetup = {}
): Promise<PublishMeasurement> {
  const { inFlightLimit } = setup
  const emulator = await startEmulator({
    timings: INSTANT_PROCESSING,
    pageSize: setup.pageSize ?? REALISTIC_PAGE_SIZE,
    latencyMs: LATENCY_MS
  })
  if (setup.history) emulator.scenario.history(SAMPLE.offerId, setup.history)
  const timeline = recordTimeline(emulator)
  const planIds = await addSamplePlans(emulator, plans)
  const frozenDrafts = await frozenPackageDrafts(emulator, planIds)
  const workspace = await planWorkspace(planIds)
  const proxy = inFlightLimit ? await startBoundedProxy(emulator.url, inFlightLimit) : undefined
  const apiUrl = proxy?.url ?? emulator.url
  const measured = await measureAction(emulator, timeline, {
    cwd: workspace.dir,
    inputs: { 'api-url': apiUrl, 'login-url': apiUrl }
  }).finally(async () => {
    await proxy?.close()
    await workspace.dispose()
    await emulator.close()
  })
  const { requests } = measured
  const needed = neededCalls(plans, frozenDrafts)
  return {
    plans,
    inFlightLimit,
    wallMs: measured.wallMs,
    calls: requests.length,
    neededCalls: [...needed.values()].reduce((sum, count) => sum + count, 0),
    minimumRounds: minimumRounds(frozenDrafts),
    frozenDrafts,
    extraCalls: extraCalls(requests, needed),
    rounds: sequentialRounds(requests),
    peakInFlight: peakInFlight(requests),
    peakInFlightIngestion: peakInFlight(
      requests.filter((request) => /^\/v1\.0\/ingestion\//i.test(request.record.path))
    ),
    peakRssMiB: measured.peakRssMiB,
    breakdown: breakdown(measured),
    timeline: requests.map(
      (request) =>
        `${(request.startMs - measured.spawnedAt).toFixed(0)}–` +
        `${((request.endMs ?? NaN) - measured.spawnedAt).toFixed(0)} ms ${callKind(request.record)}`
    )
  }
}

/** The median of RUNS publishes, each on a fresh offer (a second run would reuse the packages). */
export async function measurePublish(
  plans: number,
  inFlightLimit?: number
): Promise<PublishMeasurement> {
  const runs: PublishMeasurement[] = []
  for (let run = 0; run < RUNS; run++) runs.push(await measurePublishOnce(plans, { inFlightLimit }))
  // The median run as a whole, so that its breakdown and timeline add up to its wall time.
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]
}

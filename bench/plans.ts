/**
 * 3. Plans: the publish of benchmark 2 with 1, 5 and 20 plans, at the realistic page size (100)
 * and at the emulator's default of 2 (where the plan list itself takes 10 pages for 20 plans).
 * Runs interleave the plan counts (1, 5, 20, 1, 5, 20, …; a fresh offer each) so that all see
 * the same machine load; each figure is a ratio to 1 plan at the same page size, median with
 * min–max. A last run puts 20 plans behind a proxy that forwards at most IN_FLIGHT_BUDGET calls
 * at once, to price a client-side limit.
 */
import { REALISTIC_PAGE_SIZE } from './lib/action.js'
import { figure, median, type Figure } from './lib/report.js'
import { measurePublish, measurePublishOnce, type PublishMeasurement } from './publish-path.js'

/** The most ingestion calls the action should have in flight at once (see docs/benchmarks.md). */
export const IN_FLIGHT_BUDGET = 8
const RUNS = 3
const SETUPS = [
  { pageSize: REALISTIC_PAGE_SIZE, plans: [1, 5, 20] },
  { pageSize: 2, plans: [1, 20] }
] as const

export interface PlansResult {
  figures: Figure[]
  details: Record<string, unknown>
}

const range = (values: number[]): string =>
  `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`

export async function plansBenchmark(): Promise<PlansResult> {
  const figures: Figure[] = []
  const details: Record<string, unknown> = {}
  let twentyPlansMs = NaN
  for (const { pageSize, plans } of SETUPS) {
    const runs = new Map<number, PublishMeasurement[]>(plans.map((count) => [count, []]))
    for (let run = 0; run < RUNS; run++) {
      for (const count of plans)
        runs.get(count)!.push(await measurePublishOnce(count, { pageSize }))
    }
    const wall = (count: number) => runs.get(count)!.map((run) => run.wallMs)
    if (pageSize === REALISTIC_PAGE_SIZE) twentyPlansMs = median(wall(20))
    details[`pageSize${pageSize}`] = plans.map((count) => ({
      plans: count,
      wallMs: wall(count),
      peakInFlightIngestion: runs.get(count)!.map((run) => run.peakInFlightIngestion)
    }))
    for (const count of plans) {
      const label = `${count} plan${count > 1 ? 's' : ''}, page size ${pageSize}`
      figures.push(
        figure({
          benchmark: '3 plans',
          name: `${label}: wall time (min–max ${range(wall(count))} ms)`,
          value: median(wall(count)),
          unit: 'ms',
          reference: { name: `1 plan (${range(wall(1))})`, value: median(wall(1)) },
          goal: count === 20 ? '≤ 2×' : '(context)',
          pass: count === 20 ? (ratio) => ratio <= 2 : undefined
        }),
        figure({
          benchmark: '3 plans',
          name: `${label}: peak ingestion calls in flight`,
          value: Math.max(...runs.get(count)!.map((run) => run.peakInFlightIngestion)),
          unit: 'calls',
          reference: { name: 'budget', value: IN_FLIGHT_BUDGET },
          goal: `≤ ${IN_FLIGHT_BUDGET}`,
          pass: (_ratio, value) => value <= IN_FLIGHT_BUDGET
        })
      )
    }
  }
  const proxied = await measurePublish(20, IN_FLIGHT_BUDGET)
  details.proxied = proxied
  figures.push(
    figure({
      benchmark: '3 plans',
      name: `20 plans, proxy ≤ ${IN_FLIGHT_BUDGET} in flight: wall time`,
      value: proxied.wallMs,
      unit: 'ms',
      reference: { name: '20 plans, page size 100, median', value: twentyPlansMs },
      goal: '(context)'
    })
  )
  return { figures, details }
}

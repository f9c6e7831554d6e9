/**
 * `npm run bench [-- names…]`: runs the benchmarks (startup, path, plans, upload, waiting,
 * preflight, history; all by default) one after another, prints one table in which every figure
 * is a ratio to its limit or baseline, and writes bench/results.json. A run of all of them also
 * rewrites the results block of docs/benchmarks.md (between its `bench:results` markers), so the
 * doc's table is always one run's output. Not a test: nothing here fails a build.
 */
import { cpus, loadavg, totalmem } from 'node:os'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { figure, formatTable, type Figure } from './lib/report.js'
import { LATENCY_MS, measurePublish, type PublishMeasurement } from './publish-path.js'
import { historyBenchmark } from './history.js'
import { plansBenchmark } from './plans.js'
import { preflightBenchmark } from './preflight.js'
import { startupBenchmark } from './startup.js'
import { uploadBenchmark } from './upload.js'
import { waitingBenchmark } from './waiting.js'
import { ACTION_ENTRY } from '../scripts/run-action.js'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ALL = ['startup', 'path', 'plans', 'upload', 'waiting', 'preflight', 'history'] as const

const asked = process.argv.slice(2)
const unknown = asked.filter((name) => !(ALL as readonly string[]).includes(name))
if (unknown.length > 0) {
  throw new Error(`Unknown benchmark ${unknown.join(', ')}; choose among ${ALL.join(', ')}.`)
}
const selected = asked.length ? ALL.filter((name) => asked.includes(name)) : [...ALL]

async function main(): Promise<void> {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run `npm run build`.')
  const startedAt = performance.now()
  const loadAtStart = loadavg()[0]
  const figures: Figure[] = []
  const details: Record<string, unknown> = {}
  const notes: string[] = []
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const began = performance.now()
    process.stderr.write(`bench: ${name}…\n`)
    const result = await work()
    process.stderr.write(
      `bench: ${name} took ${((performance.now() - began) / 1000).toFixed(0)} s\n`
    )
    return result
  }

  // Start-up also gives the bare Node start that the critical path's minimum includes.
  const startup = await timed('startup', startupBenchmark)
  if (selected.includes('startup')) figures.push(...startup.figures)
  details.startup = { bareNodeMs: startup.bareNodeMs, ...startup.details }

  if (selected.includes('path')) {
    const two = await timed('path', () => measurePublish(2))
    figures.push(...pathFigures(two, startup.bareNodeMs))
    notes.push(`extra calls in the critical path: ${two.extraCalls.join(', ') || 'none'}`)
    notes.push(frozenDraftsNote(two))
    details.path = two
  }
  if (selected.includes('plans')) {
    const plans = await timed('plans', plansBenchmark)
    figures.push(...plans.figures)
    details.plans = plans.details
  }
  if (selected.includes('upload')) {
    const upload = await timed('upload', uploadBenchmark)
    figures.push(...upload.figures)
    notes.push(...upload.notes)
    details.upload = upload.details
  }
  if (selected.includes('waiting')) {
    const waiting = await timed('waiting', waitingBenchmark)
    figures.push(...waiting.figures)
    details.waiting = waiting.details
  }
  if (selected.includes('preflight')) {
    const preflight = await timed('preflight', preflightBenchmark)
    figures.push(...preflight.figures)
    details.preflight = preflight.details
  }

  if (selected.includes('history')) {
    const history = await timed('history', historyBenchmark)
    figures.push(...history.figures)
    details.history = history.details
  }

  const totalSeconds = (performance.now() - startedAt) / 1000
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`
  }
  const table = formatTable(figures)
  console.log(table)
  for (const note of notes) console.log(`note: ${note}`)
  console.log(
    `\n${new Date().toISOString()} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), ` +
      `Node ${machine.node}; ${totalSeconds.toFixed(0)} s in all`
  )
  if (selected.length === ALL.length) {
    await writeResultsBlock({ machine, totalSeconds, table, notes, load: loadAtStart })
  }
  await writeFile(
    path.join(HERE, 'results.json'),
    JSON.stringify(
      { date: new Date().toISOString(), machine, totalSeconds, figures, notes, details },
      null,
      2
    ) + '\n'
  )
}

const RESULTS_DOC = path.join(HERE, '..', 'docs', 'benchmarks.md')
const RESULTS_START = '<!-- bench:results:start (written by `npm run bench`; do not edit) -->'
const RESULTS_END = '<!-- bench:results:end -->'

/**
 * Replaces the block between the markers of docs/benchmarks.md with this run: when, where, the
 * machine's load when it started (a shared machine spreads every figure), the table and notes.
 * Throws if the markers are missing, rather than appending somewhere unexpected.
 */
async function writeResultsBlock(run: {
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string }
  totalSeconds: number
  table: string
  notes: string[]
  load: number
}): Promise<void> {
  const doc = await readFile(RESULTS_DOC, 'utf8')
  const start = doc.indexOf(RESULTS_START)
  const end = doc.indexOf(RESULTS_END)
  if (start < 0 || end < start) {
    throw new Error(`${RESULTS_DOC} lacks the markers ${RESULTS_START} … ${RESULTS_END}.`)
  }
  const { machine } = run
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ')
  const block = [
    RESULTS_START,
    '',
    `${when} UTC, ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ` +
      `${machine.platform}, Node ${machine.node}; \`npm run bench\` took ` +
      `${run.totalSeconds.toFixed(0)} s; load average ${run.load.toFixed(1)} when it started.`,
    '',
    run.table,
    '',
    ...run.notes.map((note) => `- ${note}`),
    '',
    RESULTS_END
  ].join('\n')
  await writeFile(RESULTS_DOC, doc.slice(0, start) + block + doc.slice(end + RESULTS_END.length))
}

/** Why the critical path's minimum has the rounds it has (publish-path.ts, FrozenDrafts). */
function frozenDraftsNote({ frozenDrafts, minimumRounds }: PublishMeasurement): string {
  if (frozenDrafts.planIds.length === 0) return `minimum ${minimumRounds} rounds: no frozen draft`
  return (
    `minimum ${minimumRounds} rounds: a listed submission names the Package drafts of ` +
    `${frozenDrafts.planIds.join(', ')} (frozen, §4), so the Package branch list is read again ` +
    `after the binds (${frozenDrafts.branchPages} page${frozenDrafts.branchPages > 1 ? 's' : ''}) ` +
    'before the submission'
  )
}

function pathFigures(run: PublishMeasurement, bareNodeMs: number): Figure[] {
  const { minimumRounds } = run
  const minimumMs = bareNodeMs + minimumRounds * LATENCY_MS
  return [
    figure({
      benchmark: '2 critical path',
      name: '2 plans to preview, 50 ms/request: wall time',
      value: run.wallMs,
      unit: 'ms',
      reference: { name: `node start + ${minimumRounds}×50 ms`, value: minimumMs },
      goal: '≤ 1.2×',
      pass: (ratio) => ratio <= 1.2
    }),
    figure({
      benchmark: '2 critical path',
      name: 'sequential round trips',
      value: run.rounds,
      unit: 'rounds',
      reference: { name: '§6.1 minimum', value: minimumRounds },
      goal: '(where the time goes)'
    }),
    figure({
      benchmark: '2 critical path',
      name: 'calls (the extra ones are listed below)',
      value: run.calls,
      unit: 'calls',
      reference: { name: '§6.1 needs', value: run.neededCalls },
      goal: 'no extra call',
      pass: () => run.extraCalls.length === 0
    })
  ]
}

await main()

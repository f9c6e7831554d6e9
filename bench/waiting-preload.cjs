// Loaded with `node --require` into the action the waiting benchmark runs: the usage preload
// (peak RSS), plus a log of the moments its event loop was held up (a busy core, a garbage
// collection), written on exit to the file named by BENCH_STALL_FILE. The benchmark keeps the
// same log of its own process, where the emulator runs (`stallLog`, exported for it). At the
// benchmark's speed each held-up real ms is `speed` ms of simulated time.
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS */
const { performance } = require('node:perf_hooks')

/** A tick this often (ms); a tick this much later than due (ms) is a stall. */
const PERIOD_MS = 5
const STALL_MS = 10

/**
 * Starts logging stalls: each as { endMs (epoch ms when the loop ran again), ms (how long it
 * was held up beyond the tick) }. The ticker is unref'd: it keeps no process alive.
 */
function stallLog() {
  const stalls = []
  let due = performance.now() + PERIOD_MS
  const timer = setInterval(() => {
    const now = performance.now()
    if (now - due >= STALL_MS) {
      stalls.push({ endMs: Math.round(performance.timeOrigin + now), ms: Math.round(now - due) })
    }
    due = now + PERIOD_MS
  }, PERIOD_MS)
  timer.unref()
  return { stalls, stop: () => clearInterval(timer) }
}

module.exports = { stallLog }

require('./lib/preload.cjs')
const file = process.env.BENCH_STALL_FILE
if (file) {
  const log = stallLog()
  process.on('exit', () => require('node:fs').writeFileSync(file, JSON.stringify(log.stalls)))
}

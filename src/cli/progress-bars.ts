import type { MultiBar, SingleBar } from 'cli-progress'
import type { Progress, ProgressTask } from '../progress.js'
import { duration, size } from '../report/summary.js'

/** Bars for a live terminal: the run's Progress, and the log's way to write above them. */
export interface TerminalBars extends Progress {
  /** A log line: above the bars while any is drawn, else straight to the stream. */
  line(text: string): void
  /** Settles once bars can be drawn (cli-progress loaded), or never will (it failed to load). */
  loaded: Promise<void>
}

/** A wait's bar moves with the clock between two reads: redrawn this often (ms). */
const WAIT_TICK_MS = 1000

/**
 * One bar per upload and per wait, drawn on `stream` (the log, stderr) by cli-progress, which
 * keeps them at the bottom and the log lines above them. Each ends when its task does; the last
 * to end takes the bars down, so the summary that follows starts on a clean line.
 * @param clean makes a server's text one printable line (the log's own neutralising).
 */
export function progressBars(
  stream: NodeJS.WritableStream,
  clean: (text: string) => string
): TerminalBars {
  // cli-progress loads only for a live terminal, while the run signs in and reads the offer,
  // long before its first upload or wait: a pipe, a CI log or `--help` never pays for it (the
  // CLI's start-up, docs/benchmarks.md). Until it is loaded a task gets no bar, and is logged.
  let library: typeof import('cli-progress') | undefined
  const loaded = import('cli-progress').then(
    (module) => void (library = module),
    () => undefined
  )
  let bars: MultiBar | undefined
  let drawn = 0

  function start(total: number, payload: Record<string, string>): SingleBar | undefined {
    if (!library) return undefined
    bars ??= new library.MultiBar({
      stream,
      format: '{label} {bar} {percentage}% {done}{status}',
      barsize: 24,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: true,
      // The CLI's own SIGINT handler reports what was done; each task's end takes its bar down.
      gracefulExit: false,
      fps: 5
    })
    drawn++
    const bar = bars.create(Math.max(1, total), 0, { status: '', ...payload })
    // Drawn at once, not at the next tick: a short wait still shows.
    bars.update()
    return bar
  }

  function task(bar: SingleBar, update: ProgressTask['update'], onEnd?: () => void): ProgressTask {
    let ended = false
    return {
      update,
      end() {
        if (ended || !bars) return
        ended = true
        onEnd?.()
        if (--drawn > 0) {
          bars.remove(bar)
          return
        }
        // Flush the log lines still waiting for a redraw, then clear the bars away.
        bars.update()
        bars.stop()
        bars = undefined
      }
    }
  }

  return {
    loaded,
    line(text) {
      if (bars) bars.log(`${text}\n`)
      else stream.write(`${text}\n`)
    },
    transfer(label, totalBytes) {
      const done = (bytes: number) => `${size(bytes)} of ${size(totalBytes)}`
      const bar = start(totalBytes, { label: clean(label), done: done(0) })
      return bar && task(bar, (bytes) => bar.update(bytes, { done: done(bytes) }))
    },
    wait(label, deadline) {
      const startedAt = Date.now()
      const total = deadline - startedAt
      const done = (ms: number) => `${duration(ms)} of ${duration(total)}`
      const bar = start(total, { label: clean(label), done: done(0) })
      if (!bar) return undefined
      const tick = () => bar.update(Date.now() - startedAt, { done: done(Date.now() - startedAt) })
      const timer = setInterval(tick, WAIT_TICK_MS).unref()
      return task(
        bar,
        (ms, status) =>
          bar.update(ms, { done: done(ms), status: status ? ` · ${clean(status)}` : '' }),
        () => clearInterval(timer)
      )
    }
  }
}

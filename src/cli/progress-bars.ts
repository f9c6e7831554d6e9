import { MultiBar, type SingleBar } from 'cli-progress'
import type { Progress, ProgressTask } from '../progress.js'
import { duration, size } from '../report/summary.js'

/** Bars for a live terminal: the run's Progress, and the log's way to write above them. */
export interface TerminalBars extends Progress {
  /** A log line: above the bars while any is drawn, else straight to the stream. */
  line(text: string): void
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
  let bars: MultiBar | undefined
  let drawn = 0

  function start(total: number, payload: Record<string, string>): SingleBar {
    bars ??= new MultiBar({
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
    line(text) {
      if (bars) bars.log(`${text}\n`)
      else stream.write(`${text}\n`)
    },
    transfer(label, totalBytes) {
      const done = (bytes: number) => `${size(bytes)} of ${size(totalBytes)}`
      const bar = start(totalBytes, { label: clean(label), done: done(0) })
      return task(bar, (bytes) => bar.update(bytes, { done: done(bytes) }))
    },
    wait(label, deadline) {
      const startedAt = Date.now()
      const total = deadline - startedAt
      const done = (ms: number) => `${duration(ms)} of ${duration(total)}`
      const bar = start(total, { label: clean(label), done: done(0) })
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

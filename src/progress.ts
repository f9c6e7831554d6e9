/**
 * The progress port: how far the long tasks of a run are, an upload's bytes and a wait's minutes.
 * The engine and the upload report through it; the shell decides how it shows. The action passes
 * none and keeps its plain log lines (the upload logs one every 5 s, a wait one per state
 * change), as a log file needs; the CLI draws a bar per task on a terminal (src/cli/progress-bars.ts).
 */
export interface Progress {
  /**
   * An upload of `totalBytes` bytes; `update(bytes sent)`. Undefined when no bar can be shown
   * (the CLI's bars not loaded yet): the caller logs as it does without a Progress.
   */
  transfer(label: string, totalBytes: number): ProgressTask | undefined
  /**
   * A wait that gives up at `deadline` (ms since the epoch); `update(ms waited, state now)`.
   * Undefined as for `transfer`.
   */
  wait(label: string, deadline: number): ProgressTask | undefined
}

export interface ProgressTask {
  /** How far it is (bytes, or ms), and for a wait the state it is at now (text from a server). */
  update(done: number, status?: string): void
  /** Finished, failed or abandoned: its bar goes. Safe to call more than once. */
  end(): void
}

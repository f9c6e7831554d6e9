/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as it is aborted.
 *
 * The one abortable sleep of the project: retry backoff, polling loops and the upload stall
 * detector all use it, so a cancelled run (SIGINT from the runner, §4.8 of action-engineering.md)
 * never sits out a long wait.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Lets at most `limit` tasks run at once; the others wait their turn in arrival order, except
 * that a task marked `ahead` waits only behind other `ahead` tasks. A task whose signal aborts
 * while it waits leaves the queue and rejects with the abort reason.
 */
export class ConcurrencyLimit {
  private running = 0
  /** Waiting `ahead` tasks, then the others; each in arrival order. */
  private readonly waiting: { ahead: Array<() => void>; others: Array<() => void> } = {
    ahead: [],
    others: []
  }

  constructor(private readonly limit: number) {}

  /**
   * Runs `task` once a slot is free. `ahead`: the task goes before every waiting task that is
   * not (the transport gives it to list pages, whose next page waits for them: a chain of pages
   * queued behind independent calls would pay the queue on every page, docs/benchmarks.md, 3).
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal, ahead = false): Promise<T> {
    await this.acquire(signal, ahead)
    try {
      return await task()
    } finally {
      this.release()
    }
  }

  private acquire(signal: AbortSignal | undefined, ahead: boolean): Promise<void> {
    signal?.throwIfAborted()
    if (this.running < this.limit) {
      this.running++
      return Promise.resolve()
    }
    const queue = ahead ? this.waiting.ahead : this.waiting.others
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = (): void => {
        queue.splice(queue.indexOf(grant), 1)
        reject(signal?.reason)
      }
      queue.push(grant)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Hands the slot straight to the next waiter, so no newcomer can take it in between. */
  private release(): void {
    const next = this.waiting.ahead.shift() ?? this.waiting.others.shift()
    if (next) next()
    else this.running--
  }
}

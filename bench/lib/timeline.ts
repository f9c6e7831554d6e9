/**
 * When each request reached the emulator and when its answer was finished, in real and in
 * simulated time. The emulator records every request in its `requests` array and sets the
 * record's `status` when the response finishes; wrapping both gives a timeline without
 * changing the emulator.
 */
import type { Emulator, RecordedRequest } from '../../emulator/index.js'

export interface TimedRequest {
  record: RecordedRequest
  /** performance.now() at arrival and at the end of the response. */
  startMs: number
  endMs?: number
  /** Simulated clock at arrival. */
  simulatedMs: number
}

export interface Timeline {
  requests: TimedRequest[]
  clear(): void
}

export function recordTimeline(emulator: Emulator): Timeline {
  const timeline: Timeline = {
    requests: [],
    clear: () => {
      timeline.requests.length = 0
      emulator.requests.length = 0
    }
  }
  const push = emulator.requests.push.bind(emulator.requests)
  emulator.requests.push = (...records: RecordedRequest[]): number => {
    for (const record of records) {
      const timed: TimedRequest = {
        record,
        startMs: performance.now(),
        simulatedMs: emulator.clock.nowMs()
      }
      let status = record.status
      Object.defineProperty(record, 'status', {
        enumerable: true,
        get: () => status,
        set: (value: number) => {
          status = value
          timed.endMs ??= performance.now()
        }
      })
      timeline.requests.push(timed)
    }
    return push(...records)
  }
  return timeline
}

/** The most requests that were being answered at the same moment. */
export function peakInFlight(requests: TimedRequest[]): number {
  const events = requests.flatMap((request) => [
    { at: request.startMs, delta: 1 },
    { at: request.endMs ?? Infinity, delta: -1 }
  ])
  // Ends before starts at the same instant: a finished request does not overlap the next one.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta)
  let current = 0
  let peak = 0
  for (const event of events) {
    current += event.delta
    peak = Math.max(peak, current)
  }
  return peak
}

/** A short label for a request: method and path with ids replaced, e.g. `GET …/packages/{id}`. */
export function callKind(record: RecordedRequest): string {
  const pathname = record.path
    .replace(/^\/v1\.0\/ingestion/i, '')
    .replace(/^\/blob\/.*/i, '/blob/{sas}')
    .replace(/^\/[^/]+\/oauth2\/.*/i, '/oauth2/token')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
    .replace(/\/\d+(?=\/|$)/g, '/{id}')
    .replace(/\(instanceID=[^)]*\)/i, '(instanceID={id})')
  return `${record.method} ${pathname}`
}

/**
 * How many round trips the requests made one after another: the longest chain in which each
 * request started after the one before it had been answered. Requests made concurrently
 * count once.
 */
export function sequentialRounds(requests: TimedRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.startMs - b.startMs)
  const depth: number[] = []
  sorted.forEach((request, index) => {
    let before = 0
    for (let earlier = 0; earlier < index; earlier++) {
      const end = sorted[earlier].endMs
      if (end !== undefined && end <= request.startMs) before = Math.max(before, depth[earlier])
    }
    depth.push(before + 1)
  })
  return Math.max(0, ...depth)
}

/** How many requests of each kind (see callKind). */
export function countByKind(requests: TimedRequest[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const request of requests) {
    const kind = callKind(request.record)
    counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  return counts
}

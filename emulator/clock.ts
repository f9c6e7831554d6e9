/**
 * The simulated clock. Simulated time runs `speed` times faster than real time and can be moved
 * forward by hand, so tests drive the state machines without waiting (speed 0 freezes it).
 */
export class SimulatedClock {
  private readonly realStart = Date.now()
  private readonly simulatedStart = Date.now()
  private manualOffsetMs = 0

  constructor(private readonly speed: number) {}

  nowMs(): number {
    return this.simulatedStart + (Date.now() - this.realStart) * this.speed + this.manualOffsetMs
  }

  now(): Date {
    return new Date(this.nowMs())
  }

  advance(seconds: number): void {
    this.manualOffsetMs += seconds * 1000
  }
}

/**
 * The sandbox's notion of "now". Tests move it forward (`advanceTime`) to expire sessions
 * without waiting; everything that asks "has this expired?" reads this clock, never Date.now().
 * Webhook signature timestamps and retry timers stay on real time: receivers compare `t`
 * against their own wall clock.
 */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Moves the clock forward (never backward: sessions do not un-expire). */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advanceTime: ms must be a finite number >= 0");
    this.offsetMs += ms;
    return this.now();
  }

  get offset(): number {
    return this.offsetMs;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

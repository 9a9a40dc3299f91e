/**
 * What this instance believes about its database, so the emergency line does not spend every caller's time
 * budget on a database that just failed: after a failure it is "suspected down" until a probe (or any step)
 * succeeds, or for `holdOffMs` at most.
 */
export class DatabaseHealth {
  private suspectedUntil = 0;

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly holdOffMs = 2000,
  ) {}

  markDown(): void {
    this.suspectedUntil = this.clock() + this.holdOffMs;
  }

  markUp(): void {
    this.suspectedUntil = 0;
  }

  suspectedDown(): boolean {
    return this.clock() < this.suspectedUntil;
  }
}

/** Why a parked actor resumed. */
export type WakeReason = 'elapsed' | 'woken' | 'deadlock';

/** A parked actor; `wake()` resumes it before its time is up. */
export interface Parked {
  readonly done: Promise<WakeReason>;
  wake(): void;
}

interface Timer {
  atMs: number;
  seq: number;
  fire: () => void;
}

/**
 * A discrete-event clock shared by every leg of one simulation. Time only moves when every actor (a call
 * leg, a hold watcher) is parked: while any of them is waiting for HTTP or the keyboard, simulated time
 * stands still. Then the clock jumps to the earliest timer — instantly, or after the same real delay in
 * realtime mode — so an hour of hold music takes milliseconds in a test.
 */
export class SimulatedClock {
  private nowMs = 0;
  private running = 0;
  private timers: Timer[] = [];
  private untimed = new Set<(reason: WakeReason) => void>();
  private seq = 0;
  private tickScheduled = false;

  constructor(private readonly options: { realtime?: boolean } = {}) {}

  /** Simulated seconds since the simulation started. */
  now(): number {
    return this.nowMs / 1000;
  }

  /** Counts a new actor as running: time cannot move until it parks or leaves. */
  enter(): void {
    this.running += 1;
  }

  /** Removes a finished actor. */
  leave(): void {
    this.running -= 1;
    this.scheduleTick();
  }

  /** Parks the calling actor for `seconds` of simulated time, or until woken when `seconds` is null. */
  park(seconds: number | null): Parked {
    this.running -= 1;
    let settled = false;
    let resolveDone: (reason: WakeReason) => void = () => undefined;
    const done = new Promise<WakeReason>((resolve) => {
      resolveDone = resolve;
    });
    let timer: Timer | undefined;
    const settle = (reason: WakeReason) => {
      if (settled) return;
      settled = true;
      this.running += 1;
      if (timer) this.timers = this.timers.filter((t) => t !== timer);
      this.untimed.delete(settle);
      resolveDone(reason);
    };
    if (seconds === null) this.untimed.add(settle);
    else {
      timer = this.addTimer(seconds, () => settle('elapsed'));
    }
    this.scheduleTick();
    return { done, wake: () => settle('woken') };
  }

  /** Runs `callback` when simulated time reaches now + `seconds`; returns a cancel function. */
  at(seconds: number, callback: () => void): () => void {
    const timer = this.addTimer(seconds, callback);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  private addTimer(seconds: number, fire: () => void): Timer {
    const timer: Timer = { atMs: this.nowMs + Math.max(0, Math.round(seconds * 1000)), seq: this.seq++, fire };
    this.timers.push(timer);
    this.timers.sort((x, y) => x.atMs - y.atMs || x.seq - y.seq);
    return timer;
  }

  private scheduleTick(): void {
    if (this.running > 0 || this.tickScheduled) return;
    this.tickScheduled = true;
    // setImmediate lets promise continuations settle first, so "everyone is parked" is really true.
    setImmediate(() => {
      this.tickScheduled = false;
      this.tick();
    });
  }

  private tick(): void {
    if (this.running > 0) return;
    const next = this.timers[0];
    if (!next) {
      // Everyone is parked and nothing is due: no event can ever wake them.
      for (const settle of [...this.untimed]) settle('deadlock');
      return;
    }
    const delay = next.atMs - this.nowMs;
    if (this.options.realtime && delay > 0) {
      this.tickScheduled = true;
      setTimeout(() => {
        this.tickScheduled = false;
        this.fireNext();
      }, delay);
      return;
    }
    this.fireNext();
  }

  private fireNext(): void {
    if (this.running > 0) return;
    const next = this.timers.shift();
    if (!next) return this.tick();
    this.nowMs = Math.max(this.nowMs, next.atMs);
    next.fire();
    this.scheduleTick();
  }
}

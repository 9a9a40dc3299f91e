import type { CallLeg, JoinedBridge } from './call-leg';
import type { DialEntry } from './call-transcript';
import { watchHold } from './hold-watcher';

/** How a bridge ended for one of its legs. */
export type BridgeExit = 'other-left' | 'hung-up' | 'star';

/**
 * Two parties talking: the leg that dialled and either the caller it dequeued or a simulated far end
 * (a `<Dial><Number>`), which answers at once and hangs up after the dialler's talkSeconds.
 */
export class Bridge implements JoinedBridge {
  private connectedAt: number | undefined;
  private endedAt: number | undefined;
  private cancelLimit: () => void = () => undefined;

  constructor(
    readonly dialer: CallLeg,
    readonly callee: CallLeg | undefined,
    readonly options: { hangupOnStar: boolean; timeLimit: number; calleeLabel: string; calleeSid: string },
  ) {}

  get ended(): boolean {
    return this.endedAt !== undefined;
  }

  /** Simulated seconds the two parties were connected (DialCallDuration). */
  get seconds(): number {
    if (this.connectedAt === undefined) return 0;
    return (this.endedAt ?? this.dialer.now()) - this.connectedAt;
  }

  /** Starts the conversation (for a dequeued caller: after its `<Queue url>` TwiML has played). */
  connect(): void {
    const { clock } = this.dialer.services;
    this.connectedAt = this.dialer.now();
    this.dialer.record<DialEntry>({ type: 'dial', event: 'connected', target: this.options.calleeLabel, otherCallSid: this.options.calleeSid });
    const callee = this.callee;
    if (callee) {
      callee.record<DialEntry>({ type: 'dial', event: 'connected', target: this.dialer.label, otherCallSid: this.dialer.callSid });
      const limit = this.options.timeLimit;
      const cap = callee.settings.maxHoldSeconds;
      this.cancelLimit = clock.at(Math.min(limit, cap), () => {
        if (limit <= cap) this.end(undefined, `Dial timeLimit of ${limit} s reached`);
        else callee.interrupt({ kind: 'hangup', endedBy: 'caller-hangup', reason: `bridged for ${cap} s (maxHoldSeconds)` });
      });
      this.dialer.interrupt({ kind: 'bridge-connected' });
    } else {
      const farEndHangsUp = Math.min(this.options.timeLimit, this.dialer.settings.talkSeconds);
      this.cancelLimit = clock.at(farEndHangsUp, () => this.end(undefined, `${this.options.calleeLabel} hung up after ${farEndHangsUp} s`));
    }
  }

  /** The dequeued caller hung up before the bridge connected. */
  abort(): void {
    if (this.ended) return;
    this.endedAt = this.dialer.now();
    this.dialer.interrupt({ kind: 'bridge-ended' });
  }

  /** Keeps `leg` on the bridge, acting out its script, until one side leaves. */
  async talk(leg: CallLeg): Promise<BridgeExit> {
    const starLeaves = leg === this.dialer && this.options.hangupOnStar;
    const stopWatching = watchHold(leg, 'bridged', { starLeaves });
    try {
      for (;;) {
        if (this.ended) return 'other-left';
        await leg.hold(null);
        const interrupt = leg.takeInterrupt();
        if (!interrupt) continue;
        if (interrupt.kind === 'bridge-ended') return 'other-left';
        if (interrupt.kind === 'hangup') {
          leg.end(interrupt.endedBy, interrupt.reason);
          this.end(leg, `${leg.label} hung up`);
          return 'hung-up';
        }
        if (interrupt.kind === 'star') {
          this.end(leg, `${leg.label} pressed * (hangupOnStar)`);
          return 'star';
        }
        if (interrupt.kind === 'deadlock') {
          leg.applyFatalInterrupt();
          this.end(leg, 'deadlock');
          return 'hung-up';
        }
      }
    } finally {
      stopWatching();
      leg.dropInterrupts('bridge-ended', 'star', 'caller-available');
    }
  }

  /** Ends the conversation; `by` is the leg that left (undefined: the far end or a time limit). */
  end(by: CallLeg | undefined, reason: string): void {
    if (this.ended) return;
    this.endedAt = this.dialer.now();
    this.cancelLimit();
    const seconds = Math.round(this.seconds);
    this.dialer.record<DialEntry>({ type: 'dial', event: 'ended', target: this.options.calleeLabel, seconds, endedBy: reason });
    this.callee?.record<DialEntry>({ type: 'dial', event: 'ended', target: this.dialer.label, seconds, endedBy: reason });
    for (const side of [this.dialer, this.callee]) {
      if (side && side !== by) side.interrupt({ kind: 'bridge-ended' });
    }
  }
}

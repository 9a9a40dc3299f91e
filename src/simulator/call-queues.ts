import { newSid } from './call-identifiers';

/**
 * What a queue needs of a leg: telling a waiting `<Dial><Queue>` that a caller joined. The queues are generic in
 * the leg (call-leg.ts's `CallLeg`), so this module does not depend on the leg that owns them.
 */
export interface QueueLeg {
  interrupt(interrupt: { kind: 'caller-available' }): void;
}

/** A caller waiting in a queue. */
export interface QueueMember<L extends QueueLeg> {
  leg: L;
  joinedAt: number;
}

/** Twilio's default maximum queue size (older documentation says 100). */
const DEFAULT_MAX_QUEUE_SIZE = 1000;

/** One named FIFO queue, owned by the simulator as Twilio owns real ones. */
export class CallQueue<L extends QueueLeg> {
  readonly sid = newSid('QU');
  readonly members: QueueMember<L>[] = [];
  private readonly dialers: L[] = [];

  constructor(
    readonly name: string,
    readonly maxSize = DEFAULT_MAX_QUEUE_SIZE,
  ) {}

  get full(): boolean {
    return this.members.length >= this.maxSize;
  }

  /** Adds a caller at the back and tells the longest-waiting `<Dial><Queue>` that someone is there. */
  join(leg: L, now: number): QueueMember<L> {
    const member = { leg, joinedAt: now };
    this.members.push(member);
    this.dialers[0]?.interrupt({ kind: 'caller-available' });
    return member;
  }

  /** Removes and returns the caller who has waited longest. */
  takeFront(): QueueMember<L> | undefined {
    return this.members.shift();
  }

  /** Removes a caller (hang-up, Leave, error); false when it was already gone (dequeued). */
  remove(member: QueueMember<L>): boolean {
    const index = this.members.indexOf(member);
    if (index < 0) return false;
    this.members.splice(index, 1);
    return true;
  }

  /** Registers a leg whose `<Dial><Queue>` waits for a caller on this (empty) queue. */
  addDialer(leg: L): void {
    this.dialers.push(leg);
  }

  removeDialer(leg: L): void {
    const index = this.dialers.indexOf(leg);
    if (index >= 0) this.dialers.splice(index, 1);
  }

  /** The parameters of a waitUrl request for `member` at simulated time `now`. */
  waitParams(member: QueueMember<L>, now: number): Record<string, string> {
    const waits = this.members.map((m) => now - m.joinedAt);
    const average = waits.length === 0 ? 0 : waits.reduce((sum, w) => sum + w, 0) / waits.length;
    return {
      QueuePosition: String(this.members.indexOf(member) + 1),
      QueueSid: this.sid,
      QueueTime: String(Math.floor(now - member.joinedAt)),
      AvgQueueTime: String(Math.floor(average)),
      CurrentQueueSize: String(this.members.length),
      MaxQueueSize: String(this.maxSize),
    };
  }
}

/** The queues of one simulation, created on first use like `<Enqueue>` creates them. */
export class QueueRegistry<L extends QueueLeg> {
  private readonly queues = new Map<string, CallQueue<L>>();

  get(name: string): CallQueue<L> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new CallQueue<L>(name);
      this.queues.set(name, queue);
    }
    return queue;
  }
}

/** How one visit to a Twilio queue goes: some wait-URL polls, then how it ends. */
export interface QueueVisit {
  polls: number;
  /** `leave`: the caller presses 1 in the hold loop (callback instead), Twilio then reports `leave`. */
  end: 'bridged' | 'hangup' | 'leave';
}

/**
 * A real path through the hotline, as a caller would walk it: the keys for each Gather in order (`-` is
 * silence, `#` alone a skip, `…#` an entry) and what happens in each queue. When the keys run out while
 * the hotline still asks for some, the caller hangs up there.
 */
export interface CallPath {
  name: string;
  keys: string[];
  queueVisits: QueueVisit[];
}

/** A small deterministic PRNG (mulberry32), so a seeded run makes the same choices every time. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digits = (random: () => number, n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

/**
 * The mix of paths the load generator walks: every branch of the main menu, the three ways a queue visit
 * ends, callback tickets, a ticket lookup and a hang-up mid-menu. Numbers are random per call, as they are
 * for real callers (one shared number would make every freeze request look repeated).
 */
export function callPaths(random: () => number): CallPath[] {
  const mobile = `139${digits(random, 8)}`;
  return [
    { name: 'human-answered', keys: ['2', '0', '5'], queueVisits: [{ polls: 3, end: 'bridged' }] },
    { name: 'recharge-agent-abandoned', keys: ['1', '2', `${digits(random, 14)}#`, '100*50#', '1'], queueVisits: [{ polls: 2, end: 'hangup' }] },
    { name: 'complaint-callback', keys: ['2', '4', '1', '#', '2', '1'], queueVisits: [] },
    { name: 'freeze-then-callback', keys: ['1', '1', `${mobile}#`, '1', '1'], queueVisits: [{ polls: 2, end: 'leave' }] },
    { name: 'outage-agent-no-rating', keys: ['2', '3', '1', '-'], queueVisits: [{ polls: 1, end: 'bridged' }] },
    {
      name: 'ticket-unknown-agent',
      keys: ['2', '5', `${digits(random, 8)}#`, `${digits(random, 8)}#`, `${digits(random, 8)}#`, '1'],
      queueVisits: [{ polls: 1, end: 'hangup' }],
    },
    { name: 'menu-hang-up', keys: ['1', '7', '*'], queueVisits: [] },
  ];
}

/** The path for the n-th call of a run: the mix in turn, with numbers drawn from the call's own PRNG. */
export function pathFor(n: number, random: () => number): CallPath {
  const paths = callPaths(random);
  return paths[n % paths.length]!;
}

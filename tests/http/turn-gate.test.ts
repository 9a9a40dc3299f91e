import { turnGate } from '../../src/http/turn-gate';

/** Resolves after the event loop has gone round once more (a poll phase included). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the turn gate that keeps a saturated event loop turning', () => {
  test('when fewer webhooks than the limit arrive, then each starts at once, without waiting for a turn', () => {
    const gate = turnGate(3);
    expect([gate.enter(), gate.enter(), gate.enter()]).toEqual([undefined, undefined, undefined]);
  });

  test('when a burst of webhooks arrives in one turn, then at most the limit start per turn, in arrival order, and none is lost', async () => {
    const gate = turnGate(2);
    const started: Array<{ webhook: number; turn: number }> = [];
    // Counts event-loop turns; queued before the gate's own immediate, so each turn is counted before it starts webhooks.
    let turn = 0;
    const tick = () => {
      turn++;
      if (turn < 10) setImmediate(tick);
    };
    setImmediate(tick);
    const webhooks = Array.from({ length: 7 }, async (_, webhook) => {
      const wait = gate.enter();
      if (wait) await wait;
      started.push({ webhook, turn });
    });
    await Promise.all(webhooks);

    expect(started.map((s) => s.webhook)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const perTurn = new Map<number, number>();
    for (const s of started) perTurn.set(s.turn, (perTurn.get(s.turn) ?? 0) + 1);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(2);
    expect(new Set(started.map((s) => s.turn)).size).toBe(4);
  });

  test('when the burst is over, then the next webhook starts at once again', async () => {
    const gate = turnGate(1);
    const first = gate.enter();
    const second = gate.enter();
    expect(first).toBeUndefined();
    expect(second).toBeInstanceOf(Promise);
    await second;
    await nextTurn();
    await nextTurn();
    expect(gate.enter()).toBeUndefined();
  });

  test('when the limit is not a positive whole number, then it refuses to build', () => {
    expect(() => turnGate(0)).toThrow(/positive integer/);
    expect(() => turnGate(1.5)).toThrow(/positive integer/);
  });
});

/**
 * Bounds how many webhooks start their work in one turn of the event loop.
 *
 * Why: Node accepts at most one new connection per event-loop turn (seen with strace: one `accept4` per turn,
 * Node 20, libuv 1.46, Linux), and a webhook's work on SQLite is synchronous. When a saturated server starts every
 * webhook that is ready in the same turn, turns grow to hundreds of milliseconds and a burst of new connections
 * waits one turn each: `npm run bench` measured 9–22 s for the last of 200 new connections, past Twilio's 15 s
 * timeout, while every handler took under 100 ms. With a few webhooks per turn, turns stay short, the loop
 * reaches its poll phase (accepting and reading) often, and waiting webhooks start in arrival order.
 *
 * `enter()` returns `undefined` when the webhook may start now (the unloaded case costs no extra turn), or a
 * promise that resolves in a later turn.
 */
export interface TurnGate {
  enter(): Promise<void> | undefined;
}

export function turnGate(perTurn: number): TurnGate {
  if (!Number.isInteger(perTurn) || perTurn < 1) throw new Error('perTurn must be a positive integer');
  let startedThisTurn = 0;
  let turnScheduled = false;
  const waiting: Array<() => void> = [];

  // An immediate queued during the check phase runs in the next turn, after that turn's poll phase.
  const scheduleTurn = () => {
    if (turnScheduled) return;
    turnScheduled = true;
    setImmediate(nextTurn);
  };
  const nextTurn = () => {
    turnScheduled = false;
    startedThisTurn = 0;
    while (waiting.length > 0 && startedThisTurn < perTurn) {
      startedThisTurn++;
      waiting.shift()!();
    }
    if (startedThisTurn > 0) scheduleTurn();
  };

  return {
    enter() {
      scheduleTurn();
      if (waiting.length === 0 && startedThisTurn < perTurn) {
        startedThisTurn++;
        return undefined;
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
}

import type { CallLeg } from './call-leg';
import type { HoldPrompt } from './caller-input';
import type { Parked } from './simulated-clock';

/**
 * Acts out the caller's script while the leg waits without a Gather (queued, ringing, bridged): `wait=N`
 * keeps it silent for N seconds, `hangup` hangs up, `*` leaves a hangupOnStar bridge. It runs as its own
 * clock actor so time cannot move while it asks the keyboard. Returns a stop function.
 */
export function watchHold(
  leg: CallLeg,
  state: HoldPrompt['state'],
  options: { starLeaves?: boolean; capSeconds?: number; capReason?: string } = {},
): () => void {
  const { clock } = leg.services;
  let stopped = false;
  let parked: Parked | undefined;
  const park = async (seconds: number | null) => {
    parked = clock.park(seconds);
    const reason = await parked.done;
    parked = undefined;
    return reason;
  };
  const cancelCap =
    options.capSeconds === undefined
      ? () => undefined
      : clock.at(options.capSeconds, () => leg.interrupt({ kind: 'hangup', endedBy: 'caller-hangup', reason: options.capReason ?? 'hold limit reached' }));
  leg.onHoldEntryUsed(() => parked?.wake());

  clock.enter();
  void (async () => {
    try {
      while (!stopped && !leg.ended) {
        const decision = await leg.holdDecision({ leg: leg.label, state, starLeaves: options.starLeaves ?? false });
        if (stopped || leg.ended) return;
        if (decision.kind === 'entry') {
          const { entry } = decision;
          if (entry.kind === 'wait') {
            leg.silentUntil = leg.now() + entry.seconds;
            await park(entry.seconds);
            continue;
          }
          leg.interrupt(entry.kind === 'hangup' ? { kind: 'hangup', endedBy: 'caller-hangup', reason: 'the caller hangs up' } : { kind: 'star' });
          return;
        }
        if (decision.kind === 'exhausted' && state === 'bridged') {
          // A caller with nothing left to do ends the conversation after a while.
          if ((await park(leg.settings.talkSeconds)) === 'elapsed' && !stopped) {
            leg.interrupt({ kind: 'hangup', endedBy: 'caller-hangup', reason: `talked ${leg.settings.talkSeconds} s; the key script is over` });
          }
          return;
        }
        if (decision.kind === 'exhausted') return;
        // The next entry is keys for a Gather still to come: look again once a hold Gather used one.
        if ((await park(null)) === 'deadlock') return;
      }
    } finally {
      clock.leave();
    }
  })();

  return () => {
    stopped = true;
    cancelCap();
    leg.onHoldEntryUsed(undefined);
    parked?.wake();
  };
}

import type { CallLeg, FetchedDocument, Interrupt } from './call-leg';
import type { CallQueue, QueueMember } from './call-queues';
import type { PlayEntry, QueueEntry } from './call-transcript';
import { watchHold } from './hold-watcher';
import { method } from './media-verbs';
import type { TwimlElement } from './twiml-document';
import type { DocumentOutcome, DocumentRunner, VerbResult } from './twiml-run.types';
import { resolveUrl } from './twilio-webhook-client';

/** Twilio's default hold music (no waitUrl) is a playlist; one track is assumed to last this long. */
const HOLD_MUSIC_TRACK_SECONDS = 60;

type Dequeued = Extract<Interrupt, { kind: 'dequeued' }>;
type QueueExit =
  { kind: 'leave' } | { kind: 'hangup' } | { kind: 'error' } | { kind: 'escaped'; doc: FetchedDocument } | { kind: 'dequeued'; dequeued: Dequeued };

/**
 * Runs `<Enqueue>`: the caller waits in the named queue while the waitUrl TwiML plays in a loop (re-requested
 * each time it finishes), until `<Leave>`, a hang-up, or a `<Dial><Queue>` on another leg dequeues it. Then
 * the action URL gets QueueResult — at once for leave/hangup, after the bridge for bridged.
 */
export async function runEnqueue(leg: CallLeg, verb: TwimlElement, doc: FetchedDocument, runFrom: DocumentRunner): Promise<VerbResult> {
  const a = verb.attributes;
  const queue = leg.queues.get(verb.ownText);
  const action = a.action ? { url: resolveUrl(a.action, doc.url), method: method(a.method) } : undefined;
  const waitUrl = a.waitUrl ? { url: resolveUrl(a.waitUrl, doc.url), method: method(a.waitUrlMethod) } : undefined;
  const event = (e: Omit<QueueEntry, 'at' | 'leg' | 'type' | 'queue' | 'queueSid'>) =>
    leg.record<QueueEntry>({ type: 'queue', queue: queue.name, queueSid: queue.sid, ...e });

  if (queue.full) {
    event({ event: 'full' });
    return afterQueue(leg, action, { QueueResult: 'queue-full', QueueSid: queue.sid, QueueTime: '0' });
  }
  const member = queue.join(leg, leg.now());
  event({ event: 'joined', position: queue.members.indexOf(member) + 1 });
  const stopWatching = watchHold(leg, 'queued', {
    capSeconds: leg.settings.maxHoldSeconds,
    capReason: `waited ${leg.settings.maxHoldSeconds} s in queue "${queue.name}" (maxHoldSeconds)`,
  });
  let exit: QueueExit;
  try {
    exit = await waitInQueue(leg, queue, member, waitUrl, runFrom);
  } finally {
    stopWatching();
    queue.remove(member);
    leg.silentUntil = 0;
  }
  if (exit.kind !== 'dequeued') {
    // An agent dequeued this caller in the same instant it left or hung up: that bridge never connects.
    for (const stale of leg.dropInterrupts('dequeued')) if (stale.kind === 'dequeued') stale.bridge.abort();
  }
  const queueTime = String(Math.floor(leg.now() - member.joinedAt));

  switch (exit.kind) {
    case 'leave':
      event({ event: 'left', queueTime: Number(queueTime) });
      return afterQueue(leg, action, { QueueResult: 'leave', QueueSid: queue.sid, QueueTime: queueTime });
    case 'hangup':
      event({ event: 'hangup', queueTime: Number(queueTime) });
      return afterQueue(leg, action, { QueueResult: 'hangup', QueueSid: queue.sid, QueueTime: queueTime });
    case 'error':
      return { kind: 'ended' };
    case 'escaped':
      event({ event: 'removed-after-error', queueTime: Number(queueTime) });
      return { kind: 'replace', doc: exit.doc };
    case 'dequeued': {
      const { dequeued } = exit;
      event({ event: 'dequeued', queueTime: dequeued.queueTime, dequeuedBy: dequeued.bridge.dialer.label });
      await joinBridge(leg, dequeued, runFrom);
      return afterQueue(leg, action, { QueueResult: 'bridged', QueueSid: queue.sid, QueueTime: String(dequeued.queueTime) });
    }
  }
}

async function waitInQueue(
  leg: CallLeg,
  queue: CallQueue<CallLeg>,
  member: QueueMember<CallLeg>,
  waitUrl: { url: string; method: 'GET' | 'POST' } | undefined,
  runFrom: DocumentRunner,
): Promise<QueueExit> {
  for (;;) {
    let outcome: DocumentOutcome;
    if (waitUrl) {
      const params = { ...leg.baseParams(), ...queue.waitParams(member, leg.now()) };
      outcome = await runFrom(leg, { ...waitUrl, params }, 'wait-url', 'waitUrl');
    } else outcome = await playHoldMusic(leg);
    if (leg.ended) return leg.call.endedBy === 'error' ? { kind: 'error' } : { kind: 'hangup' };
    if (outcome.kind === 'leave') return { kind: 'leave' };
    if (outcome.kind === 'escaped') return { kind: 'escaped', doc: outcome.doc };
    while (leg.interrupted) {
      if (leg.applyFatalInterrupt()) return { kind: 'hangup' };
      const interrupt = leg.takeInterrupt();
      if (interrupt?.kind === 'dequeued') return { kind: 'dequeued', dequeued: interrupt };
    }
    // The wait document ran to its end: Twilio requests the waitUrl again.
  }
}

async function playHoldMusic(leg: CallLeg): Promise<DocumentOutcome> {
  const entry = leg.record<PlayEntry>({ type: 'play', url: 'twilio:default-hold-music', loop: 1, seconds: HOLD_MUSIC_TRACK_SECONDS, holdMusic: true });
  if ((await leg.hold(HOLD_MUSIC_TRACK_SECONDS)) === 'elapsed') return { kind: 'finished' };
  entry.interrupted = true;
  return leg.applyFatalInterrupt() ? { kind: 'ended' } : { kind: 'interrupted' };
}

/** The dequeued caller's side: hear the `<Queue url>` TwiML, then talk until the bridge ends. */
async function joinBridge(leg: CallLeg, dequeued: Dequeued, runFrom: DocumentRunner): Promise<void> {
  const { bridge } = dequeued;
  if (dequeued.queueUrl) {
    const params = {
      ...leg.baseParams(),
      QueueSid: dequeued.queueSid,
      QueueTime: String(dequeued.queueTime),
      DequeingCallSid: bridge.dialer.callSid,
    };
    // A failing <Queue url> is logged but does not stop the bridge, and has no fallback.
    await runFrom(leg, { ...dequeued.queueUrl, params }, 'queue-url', 'queueUrl', { fallback: false });
  }
  if (leg.ended) {
    bridge.abort();
    return;
  }
  bridge.connect();
  await bridge.talk(leg);
}

async function afterQueue(leg: CallLeg, action: { url: string; method: 'GET' | 'POST' } | undefined, result: Record<string, string>): Promise<VerbResult> {
  if (!action) return { kind: leg.ended ? 'ended' : 'next' };
  const request = { ...action, params: { ...leg.baseParams(), ...result } };
  if (!leg.ended) return { kind: 'goto', purpose: 'enqueue-action', request };
  // The caller is gone: Twilio still reports the result but runs nothing it answers.
  await leg.notify(request, 'enqueue-action');
  return { kind: 'ended' };
}

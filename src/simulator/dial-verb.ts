import { Bridge } from './call-bridge';
import type { CallLeg, FetchedDocument } from './call-leg';
import { newSid } from './call-identifiers';
import type { QueueMember } from './call-queues';
import type { DialEntry } from './call-transcript';
import { watchHold } from './hold-watcher';
import { integer, method } from './media-verbs';
import { simulatorError } from './twilio-errors';
import type { TwimlElement } from './twiml-document';
import type { VerbResult } from './twiml-run.types';
import { resolveUrl } from './twilio-webhook-client';

interface DialOptions {
  timeout: number;
  timeLimit: number;
  hangupOnStar: boolean;
}

interface DialOutcome {
  status: 'completed' | 'no-answer' | 'canceled';
  otherCallSid?: string;
  seconds?: number;
}

/**
 * Runs `<Dial>`. `<Queue>` dequeues the longest-waiting caller of that queue (waiting up to `timeout`
 * for one to arrive) and bridges the two legs; `<Number>`, `<Client>`, `<Sip>` and a bare number reach a
 * simulated far end that answers at once. The action URL then gets DialCallStatus, DialCallSid and
 * DialCallDuration.
 */
export async function runDial(leg: CallLeg, verb: TwimlElement, doc: FetchedDocument): Promise<VerbResult> {
  const a = verb.attributes;
  const options: DialOptions = {
    timeout: integer(a.timeout, 30),
    timeLimit: integer(a.timeLimit, 14400),
    hangupOnStar: a.hangupOnStar === 'true',
  };
  const noun = verb.children[0];
  const target = noun ? `${noun.name} ${noun.text}`.trim() : `Number ${verb.ownText}`;
  leg.record<DialEntry>({ type: 'dial', event: 'dialing', target });

  let outcome: DialOutcome;
  if (noun?.name === 'Queue') outcome = await dialQueue(leg, noun, doc, options);
  else if (!noun || noun.name === 'Number' || noun.name === 'Client' || noun.name === 'Sip') {
    outcome = await dialFarEnd(leg, target, options);
  } else {
    leg.fail(simulatorError(`<Dial><${noun.name}> is valid TwiML but the simulator does not run it`, doc.url));
    leg.end('error', `unsupported <Dial><${noun.name}>`);
    return { kind: 'ended' };
  }

  const params: Record<string, string> = { ...leg.baseParams(), DialCallStatus: outcome.status };
  if (outcome.otherCallSid) params.DialCallSid = outcome.otherCallSid;
  if (outcome.seconds !== undefined) params.DialCallDuration = String(Math.round(outcome.seconds));
  if (!a.action) return { kind: leg.ended ? 'ended' : 'next' };
  const request = { url: resolveUrl(a.action, doc.url), method: method(a.method), params };
  if (!leg.ended) return { kind: 'goto', purpose: 'dial-action', request };
  await leg.notify(request, 'dial-action');
  return { kind: 'ended' };
}

async function dialQueue(leg: CallLeg, noun: TwimlElement, doc: FetchedDocument, options: DialOptions): Promise<DialOutcome> {
  const queue = leg.queues.get(noun.text);
  const member = queue.takeFront() ?? (await waitForCaller(leg, noun.text, options.timeout));
  if (!member) {
    if (leg.ended) return { status: 'canceled' };
    leg.record<DialEntry>({ type: 'dial', event: 'no-answer', target: `Queue ${noun.text}` });
    return { status: 'no-answer' };
  }
  const queueUrl = noun.attributes.url ? { url: resolveUrl(noun.attributes.url, doc.url), method: method(noun.attributes.method) } : undefined;
  const bridge = new Bridge(leg, member.leg, { ...options, calleeLabel: member.leg.label, calleeSid: member.leg.callSid });
  member.leg.interrupt({
    kind: 'dequeued',
    bridge,
    queueName: queue.name,
    queueSid: queue.sid,
    queueTime: Math.floor(leg.now() - member.joinedAt),
    ...(queueUrl ? { queueUrl } : {}),
  });

  // The dequeued caller hears its <Queue url> TwiML first; the bridge connects when that is over.
  for (;;) {
    await leg.hold(null);
    if (leg.applyFatalInterrupt()) {
      bridge.end(leg, `${leg.label} hung up`);
      return { status: 'canceled' };
    }
    const interrupt = leg.takeInterrupt();
    if (interrupt?.kind === 'bridge-connected') break;
    if (interrupt?.kind === 'bridge-ended') {
      leg.record<DialEntry>({ type: 'dial', event: 'canceled', target: member.leg.label, endedBy: 'the caller hung up before the bridge' });
      return { status: 'no-answer' };
    }
  }
  await bridge.talk(leg);
  return { status: 'completed', otherCallSid: member.leg.callSid, seconds: bridge.seconds };
}

/** An empty queue: Twilio's Dial waits for the next caller to join, or until its timeout. */
async function waitForCaller(leg: CallLeg, queueName: string, timeout: number): Promise<QueueMember<CallLeg> | undefined> {
  const queue = leg.queues.get(queueName);
  queue.addDialer(leg);
  const stopWatching = watchHold(leg, 'ringing');
  const deadline = leg.now() + timeout;
  try {
    for (;;) {
      const remaining = deadline - leg.now();
      if (remaining <= 0) return undefined;
      if ((await leg.hold(remaining)) === 'elapsed') continue;
      if (leg.applyFatalInterrupt()) return undefined;
      const interrupt = leg.takeInterrupt();
      if (interrupt?.kind === 'caller-available') {
        const member = queue.takeFront();
        if (member) return member;
      }
    }
  } finally {
    stopWatching();
    queue.removeDialer(leg);
    leg.dropInterrupts('caller-available');
  }
}

async function dialFarEnd(leg: CallLeg, target: string, options: DialOptions): Promise<DialOutcome> {
  const otherCallSid = newSid('CA');
  const bridge = new Bridge(leg, undefined, { ...options, calleeLabel: target, calleeSid: otherCallSid });
  bridge.connect();
  await bridge.talk(leg);
  return { status: 'completed', otherCallSid, seconds: bridge.seconds };
}

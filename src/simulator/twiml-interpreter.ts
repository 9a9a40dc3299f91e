import type { CallLeg, FetchedDocument } from './call-leg';
import { runDial } from './dial-verb';
import { runEnqueue } from './enqueue-verb';
import { runGather } from './gather-verb';
import { method, runMedia } from './media-verbs';
import { simulatorError } from './twilio-errors';
import type { TwimlElement } from './twiml-document';
import type { DocumentOutcome, DocumentRunner, VerbResult } from './twiml-run.types';
import { resolveUrl } from './twilio-webhook-client';

/** More `<Redirect>`s in a row than this, with no other verb between, is treated as a loop. */
const MAX_CONSECUTIVE_REDIRECTS = 10;

/** Runs `doc` verb by verb, following Redirects and actions into further documents of the same context. */
export async function runDocument(leg: CallLeg, start: FetchedDocument): Promise<DocumentOutcome> {
  let doc = start;
  for (;;) {
    const result = await runVerbs(leg, doc);
    if (result.kind === 'goto') {
      const next = await leg.fetchDocument(result.request, result.purpose, doc.context);
      if (next.kind === 'failed') return { kind: leg.ended ? 'ended' : 'finished' };
      if (next.context !== doc.context) return { kind: 'escaped', doc: next };
      doc = next;
      continue;
    }
    if (result.kind === 'replace') {
      doc = result.doc;
      continue;
    }
    if (result.kind === 'next') return { kind: 'finished' };
    return result;
  }
}

/** Fetches a document and runs it (see `DocumentRunner`). */
const runFrom: DocumentRunner = async (leg, request, purpose, context, options) => {
  const doc = await leg.fetchDocument(request, purpose, context, options);
  if (doc.kind === 'failed') return { kind: leg.ended ? 'ended' : 'finished' };
  if (doc.context !== context) return { kind: 'escaped', doc };
  return runDocument(leg, doc);
};

async function runVerbs(leg: CallLeg, doc: FetchedDocument): Promise<VerbResult> {
  for (const verb of doc.root.children) {
    if (leg.ended) return { kind: 'ended' };
    if (leg.interrupted) {
      if (leg.applyFatalInterrupt()) return { kind: 'ended' };
      // Only a queued caller is woken on purpose (dequeued); elsewhere a leftover wake-up means nothing.
      if (doc.context === 'waitUrl') return { kind: 'interrupted' };
      leg.discardStaleInterrupts();
    }
    if (verb.name === 'Redirect') {
      leg.consecutiveRedirects += 1;
      if (leg.consecutiveRedirects > MAX_CONSECUTIVE_REDIRECTS) {
        leg.fail(simulatorError(`more than ${MAX_CONSECUTIVE_REDIRECTS} <Redirect>s in a row without any other verb: a redirect loop`, doc.url));
        leg.end('error', 'redirect loop');
        return { kind: 'ended' };
      }
    } else leg.consecutiveRedirects = 0;
    const result = await runVerb(leg, verb, doc);
    if (result.kind !== 'next') return result;
  }
  return { kind: 'next' };
}

async function runVerb(leg: CallLeg, verb: TwimlElement, doc: FetchedDocument): Promise<VerbResult> {
  const a = verb.attributes;
  switch (verb.name) {
    case 'Say':
    case 'Play':
    case 'Pause':
      return runMedia(leg, verb, doc, true);
    case 'Gather':
      return runGather(leg, verb, doc);
    case 'Redirect':
      return {
        kind: 'goto',
        purpose: 'redirect',
        request: { url: resolveUrl(verb.text, doc.url), method: method(a.method), params: leg.baseParams() },
      };
    case 'Hangup':
      leg.end('hangup-verb', '<Hangup>');
      return { kind: 'ended' };
    case 'Reject':
      leg.end('rejected', `<Reject reason="${a.reason ?? 'rejected'}">`);
      return { kind: 'ended' };
    case 'Leave':
      if (doc.context === 'waitUrl') return { kind: 'leave' };
      leg.record({ type: 'note', message: '<Leave> outside a queue does nothing' });
      return { kind: 'next' };
    case 'Enqueue':
      return runEnqueue(leg, verb, doc, runFrom);
    case 'Dial':
      return runDial(leg, verb, doc);
    case 'Start':
    case 'Stop':
      leg.record({ type: 'note', message: `<${verb.name}> (media streams/recordings) is accepted but not simulated` });
      return { kind: 'next' };
    default:
      leg.fail(simulatorError(`<${verb.name}> is valid TwiML but the simulator does not run it`, doc.url));
      leg.end('error', `unsupported verb <${verb.name}>`);
      return { kind: 'ended' };
  }
}

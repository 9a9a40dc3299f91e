import type { CallRecord, Delivery } from './call-walker';
import { stepInUrl } from './twiml-answer';

/** One row of the call log (`CallEvent`) as the ledger needs it. */
export interface LoggedEvent {
  step: number;
  kind: string;
  digits: string | null;
  meaning: string | null;
}

/** One call as stored: its state and its call log in step order. */
export interface StoredCallLog {
  callSid: string;
  state: string;
  twilioStatus: string;
  events: LoggedEvent[];
}

export interface LedgerReport {
  calls: number;
  deliveries: number;
  /** Primary deliveries that moved a call, each found exactly once in the call log. */
  stepsChecked: number;
  problems: string[];
}

/**
 * Checks the call log against what the simulated Twilio sent: every delivery that walks a call and got a
 * 2xx answer is in the call log exactly once, in order, with the keys that were sent; duplicates, late
 * duplicates and hold polls add nothing; every call ends (`ended`, with its final status).
 * A queue result delivered after the status callback may add one late `queue.ended` (the flow fills in what
 * it did not know yet) but nothing else.
 */
export function checkLedger(records: CallRecord[], stored: Map<string, StoredCallLog>): LedgerReport {
  const report: LedgerReport = { calls: records.length, deliveries: 0, stepsChecked: 0, problems: [] };
  for (const record of records) {
    report.deliveries += record.deliveries.length;
    const problem = (text: string) => report.problems.push(`${record.callSid} (${record.path}): ${text}`);
    if (record.error) problem(`the walk failed: ${record.error}`);
    const call = stored.get(record.callSid);
    if (!call) {
      problem('no Call row');
      continue;
    }
    if (call.state !== 'ended') problem(`left unfinished in state ${call.state}`);
    if (call.twilioStatus !== 'completed') problem(`final status ${call.twilioStatus}, expected completed`);
    const events = call.events;
    events.forEach((e, i) => {
      if (e.step !== i) problem(`call log steps are not 0..n: position ${i} holds step ${e.step}`);
    });

    const primaries = record.deliveries.filter((d) => d.role === 'primary' && d.kind !== 'hold');
    for (const d of record.deliveries) {
      if (d.status < 200 || d.status > 299) problem(`${d.role} ${d.kind} ${pathOf(d.url)} answered ${d.status}`);
    }
    let at = 0;
    for (const d of primaries) {
      const expected = expectedEvent(d);
      const e = events[at];
      if (d.next?.emergency) {
        problem(`${d.kind} ${pathOf(d.url)} was answered with an apology`);
        continue;
      }
      if (d.afterStatus) {
        // Late news after the end: at most one event, and only the kind it carries.
        if (e && e.kind === expected.kind && e.meaning === expected.meaning) at++;
        continue;
      }
      if (!e) {
        problem(`${d.kind} ${pathOf(d.url)} got a 2xx but is not in the call log`);
        continue;
      }
      if (
        e.kind !== expected.kind ||
        (expected.digits !== undefined && e.digits !== expected.digits) ||
        (expected.meaning !== undefined && e.meaning !== expected.meaning)
      ) {
        problem(
          `step ${e.step} is ${describe(e)}, expected ${describe({ step: e.step, kind: expected.kind, digits: expected.digits ?? null, meaning: expected.meaning ?? null })} from ${pathOf(d.url)}`,
        );
      }
      const urlStep = d.kind === 'keys' ? stepInUrl(d.url) : null;
      if (urlStep !== null && e.step !== urlStep + 1) problem(`keys sent to step ${urlStep} were logged as step ${e.step}`);
      report.stepsChecked++;
      at++;
    }
    if (at < events.length) {
      problem(`call log has ${events.length - at} extra event(s): ${events.slice(at).map(describe).join(', ')}`);
    }

    // A duplicate sent at the same moment must be answered with the same next step as the original.
    const sent = record.deliveries;
    for (const dup of sent) {
      if (dup.role !== 'duplicate' || dup.kind !== 'keys') continue;
      const original = sent.find((d) => d.role === 'primary' && d.url === dup.url);
      if (original && nextUrl(original) !== nextUrl(dup)) {
        problem(`a duplicate of ${pathOf(dup.url)} was answered with ${nextUrl(dup)}, the original with ${nextUrl(original)}`);
      }
    }
  }
  return report;
}

function expectedEvent(d: Delivery): { kind: string; digits?: string | null; meaning?: string } {
  switch (d.kind) {
    case 'voice':
      return { kind: 'started' };
    case 'keys':
    case 'holdKeys': {
      const digits = d.params.Digits ?? '';
      const finished = d.params.FinishedOnKey ?? '';
      if (digits === '' && finished === '') return { kind: 'silent', digits: null };
      return { kind: 'pressed', digits: `${digits}${finished}` };
    }
    case 'queueResult':
      return { kind: 'queue.ended', meaning: d.params.QueueResult ?? '' };
    case 'status':
      return { kind: 'ended', meaning: d.params.CallStatus ?? '' };
    case 'hold':
      return { kind: 'none' };
  }
}

function nextUrl(d: Delivery): string {
  return d.next?.gather?.action ?? d.next?.enqueue?.action ?? d.next?.redirect ?? (d.next?.hangup ? 'Hangup' : 'nothing');
}

function pathOf(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, '');
}

function describe(e: LoggedEvent): string {
  return `#${e.step} ${e.kind}${e.digits ? ` ${e.digits}` : ''}${e.meaning ? ` (${e.meaning})` : ''}`;
}

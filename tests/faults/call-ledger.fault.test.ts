import { checkLedger, type StoredCallLog } from '../../scripts/bench/call-ledger';
import type { CallRecord, Delivery } from '../../scripts/bench/call-walker';
import { readTwiml } from '../../scripts/bench/twiml-answer';

const BASE = 'https://hotline.example.test/twilio';
const gatherAt = (step: number) =>
  readTwiml(
    `<Response><Gather action="${BASE}/step/${step}" numDigits="1"><Say>menu</Say></Gather><Redirect>${BASE}/step/${step}/silence</Redirect></Response>`,
  );

function delivery(kind: Delivery['kind'], url: string, params: Record<string, string>, extra: Partial<Delivery> = {}): Delivery {
  return { kind, role: 'primary', url, params, status: 200, next: null, afterStatus: false, ...extra };
}

/** A short call as the load generator saw it: start, press 2, press 0 (queued), hang up in the queue, status. */
function walkedCall(): CallRecord {
  const callSid = 'CA' + 'a'.repeat(32);
  return {
    callSid,
    path: 'sample',
    error: null,
    deliveries: [
      delivery('voice', `${BASE}/voice`, {}, { next: gatherAt(0) }),
      delivery('keys', `${BASE}/step/0`, { Digits: '2', FinishedOnKey: '' }, { next: gatherAt(1) }),
      delivery('keys', `${BASE}/step/0`, { Digits: '2', FinishedOnKey: '' }, { role: 'duplicate', next: gatherAt(1) }),
      delivery('keys', `${BASE}/step/1`, { Digits: '0', FinishedOnKey: '' }),
      delivery('hold', `${BASE}/queue/2/hold`, { QueuePosition: '1', QueueTime: '10' }),
      delivery('queueResult', `${BASE}/queue/2/result`, { QueueResult: 'hangup', QueueTime: '12' }),
      delivery('status', `${BASE}/status`, { CallStatus: 'completed', CallDuration: '30' }),
      delivery('keys', `${BASE}/step/1`, { Digits: '0', FinishedOnKey: '' }, { role: 'late', afterStatus: true }),
    ],
  };
}

function storedAs(events: Array<[string, string | null, string | null]>, state = 'ended'): Map<string, StoredCallLog> {
  const callSid = 'CA' + 'a'.repeat(32);
  return new Map([
    [
      callSid,
      {
        callSid,
        state,
        twilioStatus: state === 'ended' ? 'completed' : 'in-progress',
        events: events.map(([kind, digits, meaning], step) => ({ step, kind, digits, meaning })),
      },
    ],
  ]);
}

const faithful: Array<[string, string | null, string | null]> = [
  ['started', null, null],
  ['pressed', '2', 'en-US'],
  ['pressed', '0', 'human'],
  ['queue.ended', null, 'hangup'],
  ['ended', null, 'completed'],
];

describe('the ledger that checks the call log against what the load generator sent', () => {
  test('when the call log holds each moving step once, then it reports no problem', () => {
    const report = checkLedger([walkedCall()], storedAs(faithful));
    expect(report.problems).toEqual([]);
    expect(report.stepsChecked).toBe(5);
  });

  test('when a duplicate delivery added a step, then it reports the extra event', () => {
    const twice = [...faithful.slice(0, 2), ['pressed', '2', 'invalid'] as [string, string, string], ...faithful.slice(2)];
    expect(checkLedger([walkedCall()], storedAs(twice)).problems.join('\n')).toMatch(/expected #2 pressed 0|extra event/);
  });

  test('when a step that got a 2xx is missing, then it reports it', () => {
    const missing = faithful.filter(([, digits]) => digits !== '0');
    expect(checkLedger([walkedCall()], storedAs(missing)).problems.length).toBeGreaterThan(0);
  });

  test('when a hold poll wrote an event, then it reports the extra event', () => {
    const polled = [...faithful.slice(0, 3), ['queue.waited', null, null] as [string, null, null], ...faithful.slice(3)];
    expect(checkLedger([walkedCall()], storedAs(polled)).problems.length).toBeGreaterThan(0);
  });

  test('when a call is left unfinished, then it reports it', () => {
    const report = checkLedger([walkedCall()], storedAs(faithful.slice(0, 4), 'live.inQueue.waiting'));
    expect(report.problems.join('\n')).toContain('left unfinished in state live.inQueue.waiting');
  });

  test('when a concurrent duplicate was answered with another step than the original, then it reports it', () => {
    const record = walkedCall();
    record.deliveries[2] = { ...record.deliveries[2]!, next: gatherAt(2) };
    expect(checkLedger([record], storedAs(faithful)).problems.join('\n')).toContain('a duplicate of /twilio/step/0 was answered with');
  });
});

import type { CallEvent, CallFacts, CallInput, FinalCallStatus, OutageNoticeView, QueueResult, TicketView } from '../../flows/call-flow.types';

/** Monday 3 March 2025, 10:00 in Shanghai: a weekday inside ordinary business hours. */
export const NOW = '2025-03-03T02:00:00.000Z';
const TIME_ZONE = 'Asia/Shanghai';
export const NEW_REFERENCE = '20250001';
export const QUEUE_MAX_WAIT_SECONDS = 600;

const HOUR_MS = 3_600_000;

/** `NOW` plus some hours, as an ISO instant. */
export const hoursAfterNow = (hours: number): string => new Date(Date.parse(NOW) + hours * HOUR_MS).toISOString();

/** The world as the use case sees it when a webhook arrives: open, no outage, a fresh reference. */
function aFacts(overrides: Partial<CallFacts> = {}): CallFacts {
  return { now: NOW, closed: null, outages: [], newReference: NEW_REFERENCE, ...overrides };
}

export function anOutageNotice(overrides: Partial<OutageNoticeView> = {}): OutageNoticeView {
  return {
    id: 1,
    message: { 'zh-CN': '钱包支付服务暂时中断', 'en-US': 'Wallet payments are currently interrupted' },
    short: { 'zh-CN': '钱包支付暂时中断', 'en-US': 'wallet payments are down' },
    branches: 'all',
    expectedRecoveryAt: hoursAfterNow(6),
    ...overrides,
  };
}

export function aTicket(overrides: Partial<TicketView> = {}): TicketView {
  return { reference: '24681357', category: 'recharge', status: 'open', dueAt: hoursAfterNow(20), ...overrides };
}

export function aCallInput(overrides: Partial<CallInput> = {}): CallInput {
  return {
    callSid: 'CA0123456789abcdef0123456789abcdef',
    callerIdUsable: true,
    callerIdLast4: '5678',
    queueMaxWaitSeconds: QUEUE_MAX_WAIT_SECONDS,
    timeZone: TIME_ZONE,
    facts: aFacts(),
    ...overrides,
  };
}

/** One key of a menu (a `numDigits=1` Gather: nothing finishes it). */
export const press = (key: string, facts: Partial<CallFacts> = {}): CallEvent => ({
  type: 'caller.pressed',
  digits: key,
  finishedOnKey: '',
  facts: aFacts(facts),
});

/** Digits ended with `#`. */
export const enter = (digits: string, facts: Partial<CallFacts> = {}): CallEvent => ({
  type: 'caller.pressed',
  digits,
  finishedOnKey: '#',
  facts: aFacts(facts),
});

/** `#` alone: skip an optional entry. */
export const skip = (facts: Partial<CallFacts> = {}): CallEvent => enter('', facts);

export const silence = (facts: Partial<CallFacts> = {}): CallEvent => ({ type: 'caller.silent', facts: aFacts(facts) });

export const garbled = (facts: Partial<CallFacts> = {}): CallEvent => ({ type: 'caller.garbled', facts: aFacts(facts) });

export const queueWaited = (queueSeconds: number, facts: Partial<CallFacts> = {}): CallEvent => ({
  type: 'queue.waited',
  queueSeconds,
  facts: aFacts(facts),
});

export const queueEnded = (result: QueueResult, queueSeconds: number | null = 42, facts: Partial<CallFacts> = {}): CallEvent => ({
  type: 'queue.ended',
  result,
  queueSeconds,
  facts: aFacts(facts),
});

export const callEnded = (status: FinalCallStatus = 'completed', durationSeconds: number | null = 95, facts: Partial<CallFacts> = {}): CallEvent => ({
  type: 'call.ended',
  status,
  durationSeconds,
  facts: aFacts(facts),
});

/** Twilio's `<Queue url>` request: an agent is taking the caller. */
export const queueConnecting = (agentId = '1001', facts: Partial<CallFacts> = {}): CallEvent => ({
  type: 'queue.connecting',
  agentId,
  agentName: '张三',
  agentCallSid: `CA${'a'.repeat(32)}`,
  queueSeconds: 42,
  facts: aFacts(facts),
});

/** What the agent decided after the bridge: still deciding, hand over to a supervisor, or end normally. */
export const AGENT_PENDING: Partial<CallFacts> = { agentDecision: { kind: 'pending' } };
export const AGENT_ENDED: Partial<CallFacts> = { agentDecision: { kind: 'end' } };
export const AGENT_TRANSFERS: Partial<CallFacts> = {
  agentDecision: { kind: 'transfer', agentId: '1001', agentName: '张三', reason: 'suspectedFraud' },
};

/** A caller found in the emergency line's general queue once the database answers. */
export const reattached = (queueSeconds: number, facts: Partial<CallFacts> = {}): CallEvent => ({
  type: 'queue.reattached',
  queueSeconds,
  facts: aFacts(facts),
});

/** A callback the emergency line booked during an outage. */
export const callbackRecorded = (reference: string | null, facts: Partial<CallFacts> = {}): CallEvent => ({
  type: 'callback.recorded',
  reference,
  callbackNumber: null,
  reason: 'leftQueue',
  queueSeconds: 30,
  facts: aFacts(facts),
});

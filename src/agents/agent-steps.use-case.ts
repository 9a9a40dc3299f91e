import { initialTransition, transition } from 'xstate';
import { agentMachine, type AgentContext } from '../../flows/agent.flow';
import { callerOnLine, callerView } from '../../flows/call-view';
import {
  QUEUE_PRIORITY,
  type TransferReason,
  type AgentEvent,
  type AgentFacts,
  type AgentView,
  type LoginCheck,
  type WhisperView,
} from '../../flows/agent-flow.types';
import { voiceForAgent, type AgentSnapshot } from '../../flows/agent-voice';
import { AGENT_PROMPTS } from '../../flows/prompts/agent-prompts';
import { statePath } from '../../flows/state-path';
import type { CallColumns, CallStore, AgentLegChange, StoredCall } from '../calls/call-store.port';
import type { KeysInput } from '../calls/call-steps.use-case';
import { firstStepWrite, takeStep, type StepAnswer } from '../calls/step-loop';
import type { Logger } from '../logging/logger';
import type { VoiceReply } from '../calls/voice-reply';
import type { VoiceTurn } from '../../flows/voice.types';
import type { AgentDirectory } from './agent-directory.port';
import type { AgentFloor, WaitingCaller } from './agent-floor.port';
import { DECOY_PIN_HASH, verifyPin } from './pin-hash';

export interface AgentStepsDeps {
  store: Pick<CallStore, 'loadCall' | 'saveStep'>;
  directory: AgentDirectory;
  floor: AgentFloor;
  clock: () => Date;
  logger: Logger;
}

/** Failed logins per agent ID within this window lock the ID until the window has passed. */
const LOCK_WINDOW_MS = 15 * 60_000;
const LOCK_AFTER_FAILURES = 5;
const HISTORY_MS = 7 * 24 * 3_600_000;

/**
 * The agent line's story for each Twilio webhook: one pure step of the agent flow per request, with the
 * facts it needs (a login check, the next caller and their context) gathered before the step.
 */
export class AgentSteps {
  constructor(private readonly deps: AgentStepsDeps) {}

  /** `POST /twilio/agent`: an agent calls the agent line, or Twilio retries the first request of one we already have. */
  answerIncomingCall(call: { callSid: string; from: string; to: string }): Promise<StepAnswer> {
    return takeStep(
      this.deps.store,
      call.callSid,
      (existing) => ({ kind: 'answer', answer: { reply: this.reply(restore(existing), existing.step), step: existing.step, unchanged: 'replay' } }),
      () => {
        const now = this.deps.clock();
        const [snapshot] = initialTransition(agentMachine, { callSid: call.callSid, facts: { now: now.toISOString() } });
        const toState = statePath(snapshot.value);
        return {
          kind: 'write',
          write: firstStepWrite({ ...call, role: 'agent' }, now, {
            persisted: agentMachine.getPersistedSnapshot(snapshot),
            state: toState,
            columns: agentColumns(snapshot, now),
          }),
          answer: () => ({ reply: this.reply(snapshot, 0), step: 0, transition: `-> ${toState}` }),
        };
      },
    );
  }

  /** A Gather's action on the agent line. */
  answerKeys(callSid: string, urlStep: number, input: KeysInput): Promise<StepAnswer> {
    return this.step(callSid, urlStep, (facts) => keysEvent(input, facts), input);
  }

  /** The agent's `<Dial>` ended: the bridge is over, or the agent left it with *. */
  answerDialEnded(callSid: string, urlStep: number, dialStatus: string): Promise<StepAnswer> {
    return this.step(callSid, urlStep, (facts) => ({ type: 'agent.dialEnded', dialStatus, facts }), null);
  }

  /** The agent line's status callback: the agent hung up. */
  recordFinalStatus(callSid: string, status: string, durationSeconds: number | null): Promise<StepAnswer> {
    return this.step(callSid, null, (facts) => ({ type: 'call.ended', status, durationSeconds, facts }), null);
  }

  /** When the agent line itself failed: say so in both languages; the agent can call again. */
  apology(): VoiceReply {
    return {
      turn: {
        kind: 'hangup',
        speech: [
          { kind: 'say', text: AGENT_PROMPTS['zh-CN'].systemProblem, language: 'zh-CN' },
          { kind: 'say', text: AGENT_PROMPTS['en-US'].systemProblem, language: 'en-US' },
        ],
      },
      place: { webhook: 'agentStep', step: 0 },
    };
  }

  private step(callSid: string, urlStep: number | null, makeEvent: (facts: AgentFacts) => AgentEvent, input: KeysInput | null): Promise<StepAnswer> {
    return takeStep(
      this.deps.store,
      callSid,
      async (call) => {
        if (call.role !== 'agent') return { kind: 'answer' as const, answer: { reply: this.reply(null, call.step), unchanged: 'otherRole' } };
        const snapshot = restore(call);
        const unchanged = (why: string) => ({ kind: 'answer' as const, answer: { reply: this.reply(snapshot, call.step), step: call.step, unchanged: why } });
        if (urlStep !== null && urlStep !== call.step) return unchanged('replay');
        const now = this.deps.clock();
        const facts = await this.facts(now, snapshot, call, input);
        const event = makeEvent(facts);
        const [next, actions] = transition(agentMachine, snapshot, event);
        // XState returns the same snapshot when no transition is enabled: the event changes nothing.
        if (next === snapshot) return unchanged('ignored');
        const step = call.step + 1;
        const fromState = statePath(snapshot.value);
        const toState = statePath(next.value);
        const agent = next.context.agent ?? snapshot.context.agent;
        const legs: AgentLegChange[] = actions.flatMap((a): AgentLegChange[] => {
          if (!agent) return [];
          const p = a.params as { callerCallSid: string; queue?: string; reason?: string };
          const base = {
            callerCallSid: p.callerCallSid,
            agentCallSid: callSid,
            agentId: agent.agentId,
            agentName: agent.name,
            queueName: next.context.whisper?.queue ?? 'general',
          };
          if (a.type === 'whispered') return [{ ...base, queueName: p.queue ?? base.queueName, set: { whisperedAt: now } }];
          if (a.type === 'transferCaller') return [{ ...base, set: { decision: 'transfer', transferReason: p.reason!, endedAt: now } }];
          if (a.type === 'releaseCaller') return [{ ...base, set: { decision: 'end', endedAt: now } }];
          return [];
        });
        const login = facts.login;
        const pinStep = snapshot.hasTag('checksLogin') && event.type === 'agent.pressed';
        return {
          kind: 'write' as const,
          write: {
            callSid,
            at: now,
            fromStep: call.step,
            step,
            queueStep: null,
            snapshot: agentMachine.getPersistedSnapshot(next),
            columns: agentColumns(next, now),
            event: {
              kind: event.type.replace('agent.', ''),
              fromState,
              toState,
              // A PIN is a secret: it is never stored, not even here.
              digits: event.type === 'agent.pressed' && !pinStep ? `${event.digits}${event.finishedOnKey}` : null,
              purpose: next.context.lastInput?.purpose ?? null,
              meaning: next.context.lastInput?.meaning ?? null,
              detail: event.type === 'agent.dialEnded' ? { dialStatus: event.dialStatus } : null,
            },
            agentLegs: legs,
            ...(pinStep && login && snapshot.context.enteredAgentId
              ? { loginAttempt: { agentId: snapshot.context.enteredAgentId, succeeded: login.result === 'ok' } }
              : {}),
          },
          answer: () => {
            if (pinStep && login && login.result !== 'ok') {
              this.deps.logger.warn({ callSid, agentId: snapshot.context.enteredAgentId, result: login.result }, 'agent login refused');
            }
            return { reply: this.reply(next, step), step, transition: `${fromState} -> ${toState}` };
          },
        };
      },
      () => ({ kind: 'answer', answer: { reply: this.reply(null, 0), unchanged: 'unknownCall' } }),
    );
  }

  /** The facts a step of this state needs, and no more. */
  private async facts(now: Date, snapshot: AgentSnapshot, call: StoredCall, input: KeysInput | null): Promise<AgentFacts> {
    const facts: AgentFacts = { now: now.toISOString() };
    let agent: AgentView | null = snapshot.context.agent;
    if (snapshot.hasTag('checksLogin') && input?.kind === 'pressed') {
      facts.login = await this.checkLogin(snapshot.context.enteredAgentId ?? '', input.digits, now);
      agent = facts.login.result === 'ok' ? facts.login.agent : null;
    }
    if (agent && (snapshot.hasTag('picksCaller') || snapshot.hasTag('whispers') || snapshot.hasTag('onCall') || facts.login?.result === 'ok')) {
      facts.nextCaller = await this.nextCaller(agent, now);
    }
    if (snapshot.hasTag('whispers') && snapshot.context.whisper) {
      facts.whisperedStillFirst = facts.nextCaller?.callSid === snapshot.context.whisper.callSid;
    }
    if (snapshot.hasTag('onCall')) {
      const leg = await this.deps.floor.lastConnectedLeg(call.callSid);
      const state = leg ? await this.deps.floor.callState(leg.callerCallSid) : null;
      facts.connectedCaller = leg && state ? { callSid: leg.callerCallSid, live: callerOnLine(state.state) } : null;
    }
    const decidingFor = snapshot.context.connectedCallerSid;
    if (snapshot.hasTag('decidesForCaller') && decidingFor) {
      // Read at the moment of the decision: the caller may have hung up since the bridge ended.
      const state = await this.deps.floor.callState(decidingFor);
      facts.connectedCaller = { callSid: decidingFor, live: state !== null && callerOnLine(state.state) };
    }
    return facts;
  }

  private async checkLogin(agentId: string, pin: string, now: Date): Promise<LoginCheck> {
    const failures = await this.deps.directory.failuresSince(agentId, new Date(now.getTime() - LOCK_WINDOW_MS));
    if (failures >= LOCK_AFTER_FAILURES) return { result: 'locked' };
    const record = await this.deps.directory.find(agentId);
    // An unknown ID costs the same scrypt as a known one, so timing does not tell which IDs exist.
    const ok = await verifyPin(pin, record?.pinHash ?? (await DECOY_PIN_HASH));
    if (!record || !record.active || !ok) return { result: 'wrong' };
    return {
      result: 'ok',
      agent: { agentId: record.agentId, name: record.name, language: record.language, queues: record.queues, supervisor: record.supervisor },
    };
  }

  /** The caller at the front of the highest-priority non-empty queue this agent works, with their context. */
  private async nextCaller(agent: AgentView, now: Date): Promise<WhisperView | null> {
    const waiting = await this.deps.floor.waitingCallers(agent.queues);
    const first = QUEUE_PRIORITY.filter((q) => agent.queues.includes(q))
      .map((q) => waiting.find((w) => w.queueName === q))
      .find((w): w is WaitingCaller => Boolean(w));
    return first ? this.whisperFor(first, now) : null;
  }

  private async whisperFor(w: WaitingCaller, now: Date): Promise<WhisperView> {
    const c = callerView(w.snapshot);
    const history = await this.deps.floor.callerHistory(w.fromNumber, new Date(now.getTime() - HISTORY_MS), w.callSid);
    const flag = c.ticketReference && c.ticketCategory === 'freeze' ? await this.deps.floor.ticketFlag(c.ticketReference) : null;
    return {
      callSid: w.callSid,
      queue: w.queueName,
      branch: c.branch,
      language: c.language,
      waitedSeconds: Math.max(0, Math.round((now.getTime() - w.enqueuedAt.getTime()) / 1000)),
      orderNumber: c.orderNumber,
      amount: c.amount,
      complaintCategory: c.complaintCategory,
      ticketReference: c.ticketReference,
      ticketCategory: c.ticketCategory,
      lookedUpReference: c.lookedUpReference,
      callsLast7Days: history.calls,
      openTicket: history.openTicket,
      flag,
      transfer: c.transfer ? { ...c.transfer, reason: c.transfer.reason as TransferReason } : null,
    };
  }

  private reply(snapshot: AgentSnapshot | null, step: number): VoiceReply {
    const turn: VoiceTurn = snapshot ? voiceForAgent(snapshot) : { kind: 'hangup', speech: [] };
    return { turn, place: { webhook: 'agentStep', step } };
  }
}

function restore(call: StoredCall): AgentSnapshot {
  return agentMachine.resolveState(call.snapshot as Parameters<typeof agentMachine.resolveState>[0]);
}

function agentColumns(snapshot: AgentSnapshot, now: Date): CallColumns {
  const c: AgentContext = snapshot.context;
  const offline = snapshot.matches('offline');
  return {
    state: statePath(snapshot.value),
    language: c.language ?? 'zh-CN',
    branch: null,
    outcome: null,
    queueName: null,
    enqueuedAt: null,
    queueLeftAt: null,
    queueWaitSeconds: null,
    queueResult: null,
    ticketReference: null,
    twilioStatus: offline ? 'completed' : 'in-progress',
    endedAt: offline ? now : null,
    durationSeconds: null,
    agentId: c.agent?.agentId ?? null,
    agentName: c.agent?.name ?? null,
    agentCallSid: null,
    answeredAt: null,
    csatScore: null,
  };
}

function keysEvent(input: KeysInput, facts: AgentFacts): AgentEvent {
  switch (input.kind) {
    case 'pressed':
      return { type: 'agent.pressed', digits: input.digits, finishedOnKey: input.finishedOnKey, facts };
    case 'silent':
      return { type: 'agent.silent', facts };
    case 'garbled':
      return { type: 'agent.garbled', facts };
  }
}

import { Router, type Request, type Response } from 'express';
import type { AgentSteps } from '../agents/agent-steps.use-case';
import type { CallSteps, StepAnswer } from '../calls/call-steps.use-case';
import type { OutageSteps } from '../calls/outage-steps.use-case';
import { NOTHING, type VoiceReply } from '../calls/voice-reply';
import { safeError } from '../logging/safe-error';
import { withinTimeBudget } from '../http/time-budget';
import { turnGate } from '../http/turn-gate';
import type { HotlineMetrics } from '../observability/hotline-metrics';
import type { CallParties, EmergencyLine } from '../outage/emergency-line';
import type { DatabaseHealth } from '../outage/database-health';
import { renderReply } from './twiml-renderer';
import { callbackNumberQueryFrom, countFrom, finalStatusFrom, keysFrom, queueResultFrom, readWebhook, type TwilioWebhook } from './twilio-webhook.schema';
import { WEBHOOK_PATHS as PATH } from './webhook-urls';

export interface VoiceRoutesDeps {
  steps: CallSteps;
  agentSteps: AgentSteps;
  /** Re-attaching callers of the emergency line once the database answers. */
  outageSteps: OutageSteps;
  /** The hotline without its database: answers from the outage spool's side (ADR 008). */
  emergency: EmergencyLine;
  health: DatabaseHealth;
  /** Applies this instance's spooled requests (resolves when done or impossible), so later steps come after them. */
  replaySpool: () => Promise<void>;
  /** Whether requests kept during an outage wait in this instance's spool. */
  spoolWaiting: () => boolean;
  /** How long a webhook may wait on the database before the caller gets an apology instead. */
  timeBudgetMs: number;
  /** Every URL in our TwiML is built from it; signatures are checked against it. */
  publicBaseUrl: string;
  holdMusicUrl: string;
  metrics?: HotlineMetrics;
  /** Webhooks that may start in one event-loop turn (see turn-gate.ts); 8 unless a test says otherwise. */
  webhooksPerTurn?: number;
}

type Where = 'call' | 'hold' | 'bridge' | 'agent';

const STEP = /^\d{1,9}$/;

/** Twilio's webhooks. Every answer is TwiML, even when something fails: never a 5xx, never HTML. */
export function voiceRoutes(deps: VoiceRoutesDeps): Router {
  const { steps, agentSteps, outageSteps, emergency, health, replaySpool, spoolWaiting, timeBudgetMs, metrics } = deps;
  const router = Router();
  const gate = turnGate(deps.webhooksPerTurn ?? 8);
  const twiml = (reply: VoiceReply) => renderReply(reply, deps);
  const parties = (w: TwilioWebhook): CallParties | null => (w.CallSid ? { callSid: w.CallSid, from: w.From ?? '', to: w.To ?? '' } : null);

  /**
   * `failed`: what the caller hears when the step could not be taken (the database did not answer in time):
   * the emergency line keeps the request in the outage spool and answers without the database.
   */
  const answer =
    (
      route: string,
      where: Where,
      work: (w: TwilioWebhook, call: CallParties, req: Request) => Promise<StepAnswer>,
      failed?: (w: TwilioWebhook, call: CallParties, req: Request) => VoiceReply,
    ) =>
    async (req: Request, res: Response) => {
      const started = performance.now();
      const turn = gate.enter();
      if (turn) await turn;
      const w = readWebhook(req.body);
      const call = parties(w);
      const log = req.log.child({ callSid: w.CallSid ?? null, route });
      try {
        if (!call) throw new Error('webhook without a CallSid');
        // What arrived during an outage is applied first, so this step comes after it.
        const result = await withinTimeBudget(
          (async () => {
            if (where !== 'agent' && spoolWaiting()) await replaySpool();
            return work(w, call, req);
          })(),
          timeBudgetMs,
        );
        res.status(200).type('text/xml').send(twiml(result.reply));
        metrics?.webhookAnswered(route, 'normal', (performance.now() - started) / 1000);
        log.info({ step: result.step, transition: result.transition, unchanged: result.unchanged, ms: elapsed(started) }, 'webhook');
      } catch (err) {
        health.markDown();
        let reply: VoiceReply;
        try {
          reply = failed && call ? failed(w, call, req) : where === 'agent' ? agentSteps.apology() : steps.apology(where);
        } catch (emergencyErr) {
          log.error({ err: safeError(emergencyErr) }, 'the emergency line failed too');
          reply = where === 'agent' ? agentSteps.apology() : steps.apology(where);
        }
        res.status(200).type('text/xml').send(twiml(reply));
        metrics?.webhookAnswered(route, 'apology', (performance.now() - started) / 1000);
        log.error({ err: safeError(err), ms: elapsed(started) }, 'webhook failed; answered by the emergency line');
      }
    };

  /** The emergency line's own URLs: the call's record once the database answers (re-attached), else without it. */
  const degradable = (
    route: string,
    online: (w: TwilioWebhook, call: CallParties) => Promise<StepAnswer>,
    offline: (w: TwilioWebhook, call: CallParties) => VoiceReply,
  ) =>
    answer(
      route,
      'hold',
      async (w, call) => {
        // A replay probes the database when it is suspected down, and applies the spool when it answers.
        await replaySpool();
        if (health.suspectedDown()) return { reply: offline(w, call), unchanged: 'databaseDown' };
        return online(w, call);
      },
      offline,
    );

  const stepOf = (req: Request, name: string): number => {
    const raw = String(req.params[name] ?? '');
    if (!STEP.test(raw)) throw new Error(`malformed ${name} in URL`);
    return Number(raw);
  };
  const maybeStep = (req: Request, name: string): number | null => (STEP.test(String(req.params[name] ?? '')) ? Number(req.params[name]) : null);
  const queueOf = (w: TwilioWebhook) => ({ position: countFrom(w.QueuePosition) ?? 1, queueSeconds: countFrom(w.QueueTime) ?? 0 });

  router.post(
    PATH.incomingCall,
    answer(
      'voice',
      'call',
      (_w, call) => steps.answerIncomingCall(call),
      (_w, call) => emergency.menuFailed(call, { kind: 'incomingCall' }),
    ),
  );
  const keysFailed = (silence: boolean) => (w: TwilioWebhook, call: CallParties, req: Request) => {
    const step = maybeStep(req, 'step');
    return emergency.menuFailed(call, step === null ? null : { kind: 'keys', step, input: keysFrom(w, silence) });
  };
  router.post(
    PATH.callerKeys,
    answer('step', 'call', (w, call, req) => steps.answerKeys(call.callSid, stepOf(req, 'step'), keysFrom(w)), keysFailed(false)),
  );
  router.post(
    PATH.callerSilence,
    answer('step', 'call', (w, call, req) => steps.answerKeys(call.callSid, stepOf(req, 'step'), keysFrom(w, true)), keysFailed(true)),
  );
  router.post(
    PATH.hold,
    answer(
      'hold',
      'hold',
      (w, call, req) => steps.answerHold(call.callSid, stepOf(req, 'queueStep'), queueOf(w)),
      (w) => emergency.hold(queueOf(w).position, queueOf(w).queueSeconds),
    ),
  );
  router.post(
    PATH.holdKeys,
    answer(
      'hold-keys',
      'hold',
      (w, call, req) => steps.answerHoldKeys(call.callSid, stepOf(req, 'queueStep'), keysFrom(w), queueOf(w)),
      (w, call, req) => emergency.holdKeys(call, maybeStep(req, 'queueStep'), keysFrom(w), queueOf(w)),
    ),
  );
  router.post(
    PATH.queueResult,
    answer(
      'queue-result',
      'call',
      (w, call, req) => steps.answerQueueResult(call.callSid, stepOf(req, 'queueStep'), queueResultFrom(w), countFrom(w.QueueTime)),
      (w, call, req) => emergency.queueResult(call, maybeStep(req, 'queueStep'), queueResultFrom(w), countFrom(w.QueueTime)),
    ),
  );

  // Twilio's <Dial><Queue url>: on the caller's leg, just before an agent is bridged to them.
  router.post(
    PATH.connect,
    answer('connect', 'bridge', (w, call) => steps.answerConnecting(call.callSid, w.DequeingCallSid ?? '', countFrom(w.QueueTime))),
  );

  // The agent line (a second Twilio number).
  router.post(
    PATH.agentIncomingCall,
    answer('agent', 'agent', (_w, call) => agentSteps.answerIncomingCall(call)),
  );
  router.post(
    PATH.agentKeys,
    answer('agent-step', 'agent', (w, call, req) => agentSteps.answerKeys(call.callSid, stepOf(req, 'step'), keysFrom(w))),
  );
  router.post(
    PATH.agentSilence,
    answer('agent-step', 'agent', (w, call, req) => agentSteps.answerKeys(call.callSid, stepOf(req, 'step'), keysFrom(w, true))),
  );
  router.post(
    PATH.agentDialEnded,
    answer('agent-dial', 'agent', (w, call, req) => agentSteps.answerDialEnded(call.callSid, stepOf(req, 'step'), w.DialCallStatus ?? 'completed')),
  );

  // A queue visit begun while the database was unreachable (the emergency line): without the database while it is
  // down, re-attached to the call's record once it answers.
  router.post(
    PATH.emergencyHold,
    degradable(
      'emergency-hold',
      (w, call) => outageSteps.answerEmergencyHold(call, queueOf(w)),
      (w) => emergency.hold(queueOf(w).position, queueOf(w).queueSeconds),
    ),
  );
  router.post(
    PATH.emergencyKeys,
    degradable(
      'emergency-keys',
      (w, call) => outageSteps.answerEmergencyHoldKeys(call, keysFrom(w), queueOf(w)),
      (w, call) => emergency.holdKeys(call, null, keysFrom(w), queueOf(w)),
    ),
  );
  router.post(
    PATH.emergencyQueueResult,
    degradable(
      'emergency-result',
      (w, call) => outageSteps.answerEmergencyQueueResult(call, queueResultFrom(w), countFrom(w.QueueTime)),
      (w, call) => emergency.queueResult(call, null, queueResultFrom(w), countFrom(w.QueueTime)),
    ),
  );
  // The number for a callback booked by the emergency line: kept in the spool whether or not the database is back.
  const callbackNumber = (silence: boolean) => async (w: TwilioWebhook, call: CallParties, req: Request) => {
    const q = callbackNumberQueryFrom(req.query);
    return { reply: emergency.callbackNumber(call, keysFrom(w, silence), q.attempt, q.waitedTooLong, q.queueSeconds) };
  };
  router.post(PATH.emergencyCallbackNumber, answer('emergency-callback', 'call', callbackNumber(false)));
  router.post(PATH.emergencyCallbackSilence, answer('emergency-callback', 'call', callbackNumber(true)));

  router.post(PATH.status, async (req, res) => {
    const started = performance.now();
    const turn = gate.enter();
    if (turn) await turn;
    const w = readWebhook(req.body);
    const call = parties(w);
    const log = req.log.child({ callSid: w.CallSid ?? null, route: 'status' });
    const status = finalStatusFrom(w);
    try {
      if (call && status) {
        const duration = countFrom(w.CallDuration);
        // The agent line's status callback comes here too: the stored call says which flow it belongs to.
        const record = async () => {
          if (spoolWaiting()) await replaySpool();
          const asCaller = await steps.recordFinalStatus(call.callSid, status, duration);
          return asCaller.unchanged === 'otherRole' ? agentSteps.recordFinalStatus(call.callSid, status, duration) : asCaller;
        };
        const result = await withinTimeBudget(record(), timeBudgetMs);
        log.info({ status, step: result.step, transition: result.transition, unchanged: result.unchanged, ms: elapsed(started) }, 'webhook');
      } else {
        log.debug({ status: w.CallStatus ?? null, ms: elapsed(started) }, 'progress status ignored');
      }
    } catch (err) {
      health.markDown();
      // Kept in the outage spool and applied when the database answers again.
      const kept = call && status ? emergency.status(call, status, countFrom(w.CallDuration)) : false;
      if (!kept) metrics?.error('status_not_recorded');
      log.error(
        { err: safeError(err), ms: elapsed(started), spooled: kept },
        kept ? 'could not record the call status now; kept in the outage spool' : 'could not record the call status',
      );
    }
    // Twilio ignores the body of a status callback; a 2xx keeps it from reporting an error.
    res.status(200).type('text/xml').send(twiml(NOTHING));
  });

  // Twilio requests this after our primary URL failed. It must not need the database.
  router.post(PATH.fallback, (req, res) => {
    const w = readWebhook(req.body);
    const holding = /\/(hold|keys)(\?|$)/.test(w.ErrorUrl ?? '');
    req.log.warn({ callSid: w.CallSid ?? null, route: 'fallback', errorCode: w.ErrorCode ?? null, holding }, 'Twilio fell back');
    res
      .status(200)
      .type('text/xml')
      .send(twiml(holding ? emergency.hold(countFrom(w.QueuePosition) ?? 1, countFrom(w.QueueTime) ?? 0) : steps.apology('call')));
  });

  return router;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

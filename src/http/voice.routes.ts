import { Router, type Request, type Response } from 'express';
import type { AgentSteps } from '../agents/agent-steps.use-case';
import type { CallSteps, StepAnswer } from '../calls/call-steps.use-case';
import { safeError } from '../logging/safe-error';
import { emptyTwiml } from '../telephony/twiml-renderer';
import {
  countFrom,
  finalStatusFrom,
  keysFrom,
  queueResultFrom,
  readWebhook,
  type TwilioWebhook,
} from '../telephony/twilio-webhook.schema';
import { withinTimeBudget } from './time-budget';
import { turnGate } from './turn-gate';
import type { HotlineMetrics } from '../observability/hotline-metrics';
import type { CallParties, EmergencyLine } from '../outage/emergency-line';
import type { DatabaseHealth } from '../outage/database-health';

export interface VoiceRoutesDeps {
  steps: CallSteps;
  agentSteps: AgentSteps;
  /** The hotline without its database: answers from the outage spool's side (ADR 008). */
  emergency: EmergencyLine;
  health: DatabaseHealth;
  /** Applies this instance's spooled requests (resolves when done or impossible), so later steps come after them. */
  replaySpool: () => Promise<void>;
  /** Whether requests kept during an outage wait in this instance's spool. */
  spoolWaiting: () => boolean;
  /** How long a webhook may wait on the database before the caller gets an apology instead. */
  timeBudgetMs: number;
  metrics?: HotlineMetrics;
  /** Webhooks that may start in one event-loop turn (see turn-gate.ts); 8 unless a test says otherwise. */
  webhooksPerTurn?: number;
}

type Where = 'call' | 'hold' | 'bridge' | 'agent';

const STEP = /^\d{1,9}$/;

/** Twilio's webhooks. Every answer is TwiML, even when something fails: never a 5xx, never HTML. */
export function voiceRoutes({ steps, agentSteps, emergency, health, replaySpool, spoolWaiting, timeBudgetMs, metrics, webhooksPerTurn = 8 }: VoiceRoutesDeps): Router {
  const router = Router();
  const gate = turnGate(webhooksPerTurn);

  /**
   * `failed`: what the caller hears when the step could not be taken (the database did not answer in time):
   * the emergency line keeps the request in the outage spool and answers without the database.
   */
  const answer = (
    route: string,
    where: Where,
    work: (w: TwilioWebhook, callSid: string, req: Request) => Promise<StepAnswer>,
    failed?: (w: TwilioWebhook, parties: CallParties, req: Request) => string,
  ) =>
    async (req: Request, res: Response) => {
      const started = performance.now();
      const turn = gate.enter();
      if (turn) await turn;
      const w = readWebhook(req.body);
      const log = req.log.child({ callSid: w.CallSid ?? null, route });
      try {
        if (!w.CallSid) throw new Error('webhook without a CallSid');
        const callSid = w.CallSid;
        // What arrived during an outage is applied first, so this step comes after it.
        const result = await withinTimeBudget(
          (async () => {
            if (where !== 'agent' && spoolWaiting()) await replaySpool();
            return work(w, callSid, req);
          })(),
          timeBudgetMs,
        );
        res.status(200).type('text/xml').send(result.twiml);
        metrics?.webhookAnswered(route, 'normal', (performance.now() - started) / 1000);
        log.info(
          { step: result.step, transition: result.transition, unchanged: result.unchanged, ms: elapsed(started) },
          'webhook',
        );
      } catch (err) {
        health.markDown();
        const parties = w.CallSid ? { callSid: w.CallSid, from: w.From ?? '', to: w.To ?? '' } : null;
        let twiml: string;
        try {
          twiml = failed && parties ? failed(w, parties, req) : where === 'agent' ? agentSteps.apology() : steps.apology(where);
        } catch (emergencyErr) {
          log.error({ err: safeError(emergencyErr) }, 'the emergency line failed too');
          twiml = where === 'agent' ? agentSteps.apology() : steps.apology(where);
        }
        res.status(200).type('text/xml').send(twiml);
        metrics?.webhookAnswered(route, 'apology', (performance.now() - started) / 1000);
        log.error({ err: safeError(err), ms: elapsed(started) }, 'webhook failed; answered by the emergency line');
      }
    };

  /** The emergency line's own URLs: the call's record once the database answers (re-attached), else without it. */
  const degradable = (
    route: string,
    online: (w: TwilioWebhook, parties: CallParties, req: Request) => Promise<StepAnswer>,
    offline: (w: TwilioWebhook, parties: CallParties, req: Request) => string,
  ) =>
    answer(
      route,
      'hold',
      async (w, callSid, req) => {
        const parties = { callSid, from: w.From ?? '', to: w.To ?? '' };
        // A replay probes the database when it is suspected down, and applies the spool when it answers.
        await replaySpool();
        if (health.suspectedDown()) return { twiml: offline(w, parties, req), unchanged: 'databaseDown' };
        return online(w, parties, req);
      },
      offline,
    );

  const stepOf = (req: Request, name: string): number => {
    const raw = String(req.params[name] ?? '');
    if (!STEP.test(raw)) throw new Error(`malformed ${name} in URL`);
    return Number(raw);
  };
  const queueOf = (w: TwilioWebhook) => ({ position: countFrom(w.QueuePosition) ?? 1, queueSeconds: countFrom(w.QueueTime) ?? 0 });

  const maybeStep = (req: Request, name: string): number | null => (STEP.test(String(req.params[name] ?? '')) ? Number(req.params[name]) : null);

  router.post(
    '/voice',
    answer(
      'voice',
      'call',
      (w, callSid) => steps.answerIncomingCall({ callSid, from: w.From ?? '', to: w.To ?? '' }),
      (_w, parties) => emergency.menuFailed(parties, { kind: 'incomingCall' }, 0),
    ),
  );
  const keysFailed = (silence: boolean) => (w: TwilioWebhook, parties: CallParties, req: Request) => {
    const step = maybeStep(req, 'step');
    return emergency.menuFailed(parties, step === null ? null : { kind: 'keys', step, input: keysFrom(w, silence) }, step);
  };
  router.post(
    '/step/:step',
    answer('step', 'call', (w, callSid, req) => steps.answerKeys(callSid, stepOf(req, 'step'), keysFrom(w)), keysFailed(false)),
  );
  router.post(
    '/step/:step/silence',
    answer('step', 'call', (w, callSid, req) => steps.answerKeys(callSid, stepOf(req, 'step'), keysFrom(w, true)), keysFailed(true)),
  );
  router.post(
    '/queue/:queueStep/hold',
    answer(
      'hold',
      'hold',
      (w, callSid, req) => steps.answerHold(callSid, stepOf(req, 'queueStep'), queueOf(w)),
      (w) => emergency.hold(queueOf(w).position, queueOf(w).queueSeconds),
    ),
  );
  router.post(
    '/queue/:queueStep/keys',
    answer(
      'hold-keys',
      'hold',
      (w, callSid, req) => steps.answerHoldKeys(callSid, stepOf(req, 'queueStep'), keysFrom(w), queueOf(w)),
      (w, parties, req) => emergency.holdKeys(parties, maybeStep(req, 'queueStep'), keysFrom(w), queueOf(w)),
    ),
  );
  router.post(
    '/queue/:queueStep/result',
    answer(
      'queue-result',
      'call',
      (w, callSid, req) => steps.answerQueueResult(callSid, stepOf(req, 'queueStep'), queueResultFrom(w), countFrom(w.QueueTime)),
      (w, parties, req) => emergency.queueResult(parties, maybeStep(req, 'queueStep'), queueResultFrom(w), countFrom(w.QueueTime)),
    ),
  );

  // Twilio's <Dial><Queue url>: on the caller's leg, just before an agent is bridged to them.
  router.post(
    '/connect',
    answer('connect', 'bridge', (w, callSid, req) =>
      steps.answerConnecting(callSid, String(req.body?.DequeingCallSid ?? '').slice(0, 64), countFrom(w.QueueTime)),
    ),
  );

  // The agent line (a second Twilio number).
  router.post('/agent', answer('agent', 'agent', (w, callSid) => agentSteps.answerIncomingCall({ callSid, from: w.From ?? '', to: w.To ?? '' })));
  router.post('/agent/step/:step', answer('agent-step', 'agent', (w, callSid, req) => agentSteps.answerKeys(callSid, stepOf(req, 'step'), keysFrom(w))));
  router.post(
    '/agent/step/:step/silence',
    answer('agent-step', 'agent', (w, callSid, req) => agentSteps.answerKeys(callSid, stepOf(req, 'step'), keysFrom(w, true))),
  );
  router.post(
    '/agent/dial/:step',
    answer('agent-dial', 'agent', (w, callSid, req) =>
      agentSteps.answerDialEnded(callSid, stepOf(req, 'step'), String(req.body?.DialCallStatus ?? 'completed').slice(0, 32)),
    ),
  );

  // A queue visit begun while the database was unreachable (the emergency line): without the database while it is
  // down, re-attached to the call's record once it answers.
  router.post(
    '/emergency/hold',
    degradable(
      'emergency-hold',
      (w, parties) => steps.answerEmergencyHold(parties, queueOf(w)),
      (w) => emergency.hold(queueOf(w).position, queueOf(w).queueSeconds),
    ),
  );
  router.post(
    '/emergency/keys',
    degradable(
      'emergency-keys',
      (w, parties) => steps.answerEmergencyHoldKeys(parties, keysFrom(w), queueOf(w)),
      (w, parties) => emergency.holdKeys(parties, null, keysFrom(w), queueOf(w)),
    ),
  );
  router.post(
    '/emergency/result',
    degradable(
      'emergency-result',
      (w, parties) => steps.answerEmergencyQueueResult(parties, queueResultFrom(w), countFrom(w.QueueTime)),
      (w, parties) => emergency.queueResult(parties, null, queueResultFrom(w), countFrom(w.QueueTime)),
    ),
  );
  // The number for a callback booked by the emergency line: kept in the spool whether or not the database is back.
  const callbackNumber = (silence: boolean) => async (w: TwilioWebhook, callSid: string, req: Request) => {
    const q = req.query as Record<string, string | undefined>;
    return {
      twiml: emergency.callbackNumber(
        { callSid, from: w.From ?? '', to: w.To ?? '' },
        keysFrom(w, silence),
        countFrom(q.attempt) ?? 1,
        q.waited === '1',
        countFrom(q.queueTime),
      ),
    };
  };
  router.post('/emergency/callback-number', answer('emergency-callback', 'call', callbackNumber(false)));
  router.post('/emergency/callback-number/silence', answer('emergency-callback', 'call', callbackNumber(true)));

  router.post('/status', async (req, res) => {
    const started = performance.now();
    const turn = gate.enter();
    if (turn) await turn;
    const w = readWebhook(req.body);
    const log = req.log.child({ callSid: w.CallSid ?? null, route: 'status' });
    const status = finalStatusFrom(w);
    try {
      if (w.CallSid && status) {
        const callSid = w.CallSid;
        const duration = countFrom(w.CallDuration);
        // The agent line's status callback comes here too: the stored call says which flow it belongs to.
        const record = async () => {
          if (spoolWaiting()) await replaySpool();
          const asCaller = await steps.recordFinalStatus(callSid, status, duration);
          return asCaller.unchanged === 'otherRole' ? agentSteps.recordFinalStatus(callSid, status, duration) : asCaller;
        };
        const result = await withinTimeBudget(record(), timeBudgetMs);
        log.info({ status, step: result.step, transition: result.transition, unchanged: result.unchanged, ms: elapsed(started) }, 'webhook');
      } else {
        log.debug({ status: w.CallStatus ?? null, ms: elapsed(started) }, 'progress status ignored');
      }
    } catch (err) {
      health.markDown();
      // Kept in the outage spool and applied when the database answers again.
      const kept = w.CallSid && status ? emergency.status({ callSid: w.CallSid, from: w.From ?? '', to: w.To ?? '' }, status, countFrom(w.CallDuration)) : false;
      if (!kept) metrics?.error('status_not_recorded');
      log.error({ err: safeError(err), ms: elapsed(started), spooled: kept }, kept ? 'could not record the call status now; kept in the outage spool' : 'could not record the call status');
    }
    // Twilio ignores the body of a status callback; a 2xx keeps it from reporting an error.
    res.status(200).type('text/xml').send(emptyTwiml());
  });

  // Twilio requests this after our primary URL failed. It must not need the database.
  router.post('/fallback', (req, res) => {
    const w = readWebhook(req.body);
    const errorUrl = typeof req.body?.ErrorUrl === 'string' ? req.body.ErrorUrl : '';
    const holding = /\/(hold|keys)(\?|$)/.test(errorUrl);
    req.log.warn({ callSid: w.CallSid ?? null, route: 'fallback', errorCode: w.ErrorCode ?? null, holding }, 'Twilio fell back');
    res.status(200).type('text/xml').send(holding ? emergency.hold(countFrom(w.QueuePosition) ?? 1, countFrom(w.QueueTime) ?? 0) : steps.apology('call'));
  });

  return router;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

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

export interface VoiceRoutesDeps {
  steps: CallSteps;
  agentSteps: AgentSteps;
  /** How long a webhook may wait on the database before the caller gets an apology instead. */
  timeBudgetMs: number;
  metrics?: HotlineMetrics;
  /** Webhooks that may start in one event-loop turn (see turn-gate.ts); 8 unless a test says otherwise. */
  webhooksPerTurn?: number;
}

type Where = 'call' | 'hold' | 'bridge' | 'agent';

const STEP = /^\d{1,9}$/;

/** Twilio's webhooks. Every answer is TwiML, even when something fails: never a 5xx, never HTML. */
export function voiceRoutes({ steps, agentSteps, timeBudgetMs, metrics, webhooksPerTurn = 8 }: VoiceRoutesDeps): Router {
  const router = Router();
  const gate = turnGate(webhooksPerTurn);

  const answer = (route: string, where: Where, work: (w: TwilioWebhook, callSid: string, req: Request) => Promise<StepAnswer>) =>
    async (req: Request, res: Response) => {
      const started = performance.now();
      const turn = gate.enter();
      if (turn) await turn;
      const w = readWebhook(req.body);
      const log = req.log.child({ callSid: w.CallSid ?? null, route });
      try {
        if (!w.CallSid) throw new Error('webhook without a CallSid');
        const result = await withinTimeBudget(work(w, w.CallSid, req), timeBudgetMs);
        res.status(200).type('text/xml').send(result.twiml);
        metrics?.webhookAnswered(route, 'normal', (performance.now() - started) / 1000);
        log.info(
          { step: result.step, transition: result.transition, unchanged: result.unchanged, ms: elapsed(started) },
          'webhook',
        );
      } catch (err) {
        res.status(200).type('text/xml').send(where === 'agent' ? agentSteps.apology() : steps.apology(where));
        metrics?.webhookAnswered(route, 'apology', (performance.now() - started) / 1000);
        log.error({ err: safeError(err), ms: elapsed(started) }, 'webhook failed; answered with an apology');
      }
    };

  const stepOf = (req: Request, name: string): number => {
    const raw = String(req.params[name] ?? '');
    if (!STEP.test(raw)) throw new Error(`malformed ${name} in URL`);
    return Number(raw);
  };
  const queueOf = (w: TwilioWebhook) => ({ position: countFrom(w.QueuePosition) ?? 1, queueSeconds: countFrom(w.QueueTime) ?? 0 });

  router.post(
    '/voice',
    answer('voice', 'call', (w, callSid) => steps.answerIncomingCall({ callSid, from: w.From ?? '', to: w.To ?? '' })),
  );
  router.post('/step/:step', answer('step', 'call', (w, callSid, req) => steps.answerKeys(callSid, stepOf(req, 'step'), keysFrom(w))));
  router.post(
    '/step/:step/silence',
    answer('step', 'call', (w, callSid, req) => steps.answerKeys(callSid, stepOf(req, 'step'), keysFrom(w, true))),
  );
  router.post(
    '/queue/:queueStep/hold',
    answer('hold', 'hold', (w, callSid, req) => steps.answerHold(callSid, stepOf(req, 'queueStep'), queueOf(w))),
  );
  router.post(
    '/queue/:queueStep/keys',
    answer('hold-keys', 'hold', (w, callSid, req) => steps.answerHoldKeys(callSid, stepOf(req, 'queueStep'), keysFrom(w), queueOf(w))),
  );
  router.post(
    '/queue/:queueStep/result',
    answer('queue-result', 'call', (w, callSid, req) =>
      steps.answerQueueResult(callSid, stepOf(req, 'queueStep'), queueResultFrom(w), countFrom(w.QueueTime)),
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

  // A queue visit begun while the database was unreachable: answered without it.
  router.post('/emergency/hold', answer('emergency-hold', 'hold', async (w) => ({ twiml: steps.bareHold(queueOf(w).position) })));
  router.post('/emergency/keys', answer('emergency-hold', 'hold', async (w) => ({ twiml: steps.bareHold(queueOf(w).position) })));
  router.post('/emergency/result', answer('emergency-result', 'call', async (w) => ({ twiml: steps.bareQueueResult(queueResultFrom(w)) })));

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
          const asCaller = await steps.recordFinalStatus(callSid, status, duration);
          return asCaller.unchanged === 'otherRole' ? agentSteps.recordFinalStatus(callSid, status, duration) : asCaller;
        };
        const result = await withinTimeBudget(record(), timeBudgetMs);
        log.info({ status, step: result.step, transition: result.transition, unchanged: result.unchanged, ms: elapsed(started) }, 'webhook');
      } else {
        log.debug({ status: w.CallStatus ?? null, ms: elapsed(started) }, 'progress status ignored');
      }
    } catch (err) {
      metrics?.error('status_not_recorded');
      log.error({ err: safeError(err), ms: elapsed(started) }, 'could not record the call status');
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
    res.status(200).type('text/xml').send(holding ? steps.bareHold(countFrom(w.QueuePosition) ?? 1) : steps.apology('call'));
  });

  return router;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

import type { ReplyPlace } from '../calls/voice-reply';

/** Where Twilio's webhooks are mounted. */
export const TWILIO_MOUNT = '/twilio';

/**
 * Every webhook path, once: the routes are declared with these and every URL in our TwiML is built from them.
 * The first three are the ones set on the phone numbers in Twilio's console (README).
 */
export const WEBHOOK_PATHS = {
  incomingCall: '/voice',
  status: '/status',
  fallback: '/fallback',
  callerKeys: '/step/:step',
  callerSilence: '/step/:step/silence',
  hold: '/queue/:queueStep/hold',
  holdKeys: '/queue/:queueStep/keys',
  queueResult: '/queue/:queueStep/result',
  connect: '/connect',
  agentIncomingCall: '/agent',
  agentKeys: '/agent/step/:step',
  agentSilence: '/agent/step/:step/silence',
  agentDialEnded: '/agent/dial/:step',
  emergencyHold: '/emergency/hold',
  emergencyKeys: '/emergency/keys',
  emergencyQueueResult: '/emergency/result',
  emergencyCallbackNumber: '/emergency/callback-number',
  emergencyCallbackSilence: '/emergency/callback-number/silence',
} as const;

export type WebhookName = keyof typeof WEBHOOK_PATHS;

/** The absolute URL of a webhook, its `:params` filled in, under the public base URL Twilio calls. */
export function webhookUrl(publicBaseUrl: string, name: WebhookName, params: Record<string, number> = {}, query?: Record<string, string | number>): string {
  const path = WEBHOOK_PATHS[name].replace(/:(\w+)/g, (_, key: string) => {
    if (params[key] === undefined) throw new Error(`${name} needs ${key}`);
    return String(params[key]);
  });
  const qs = query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
  return `${publicBaseUrl}${TWILIO_MOUNT}${path}${qs}`;
}

/** The absolute URLs a rendered turn points Twilio at; built by the caller from `PUBLIC_BASE_URL`. */
export interface TurnUrls {
  /** Where the caller's keys go (the Gather action); the step it answers is part of it. */
  input: string;
  /** Where Twilio goes when a Gather ends with nothing (only if it does not call `input`). */
  noInput: string;
  /** Enqueue: the hold loop and where Twilio reports how the wait ended. */
  hold: string;
  queueResult: string;
  /** Agent legs: where Twilio reports the end of the agent's `<Dial>`, and the caller-side announcement before the bridge. */
  dialEnded?: string;
  connect?: string;
}

/** The URLs a turn's verbs point at for a place, and whether it is a queue's wait TwiML. */
export function urlsFor(publicBaseUrl: string, place: ReplyPlace): { urls: TurnUrls; context: 'call' | 'hold' } {
  const url = (name: WebhookName, params?: Record<string, number>, query?: Record<string, string | number>) => webhookUrl(publicBaseUrl, name, params, query);
  const visit = (queueStep: number) => ({ hold: url('hold', { queueStep }), queueResult: url('queueResult', { queueStep }) });
  const emergencyQueue = { hold: url('emergencyHold'), queueResult: url('emergencyQueueResult') };
  switch (place.webhook) {
    case 'callerStep':
      return {
        urls: { input: url('callerKeys', { step: place.step }), noInput: url('callerSilence', { step: place.step }), ...visit(place.queueStep ?? place.step) },
        context: 'call',
      };
    case 'holdLoop': {
      const queueStep = place.queueStep ?? 0;
      return { urls: { input: url('holdKeys', { queueStep }), noInput: url('hold', { queueStep }), ...visit(queueStep) }, context: 'hold' };
    }
    case 'emergency':
      return { urls: { input: url('emergencyKeys'), noInput: url('emergencyHold'), ...emergencyQueue }, context: place.within === 'hold' ? 'hold' : 'call' };
    case 'emergencyCallbackNumber': {
      const query = { attempt: place.attempt, waited: place.waitedTooLong ? 1 : 0, queueTime: place.queueSeconds ?? 0 };
      return {
        urls: { input: url('emergencyCallbackNumber', {}, query), noInput: url('emergencyCallbackSilence', {}, query), ...emergencyQueue },
        context: 'call',
      };
    }
    case 'agentStep': {
      const silence = url('agentSilence', { step: place.step });
      return {
        urls: {
          input: url('agentKeys', { step: place.step }),
          noInput: silence,
          hold: silence,
          queueResult: silence,
          dialEnded: url('agentDialEnded', { step: place.step }),
          connect: url('connect'),
        },
        context: 'call',
      };
    }
  }
}

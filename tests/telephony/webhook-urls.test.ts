import { urlsFor, webhookUrl, WEBHOOK_PATHS, TWILIO_MOUNT } from '../../src/telephony/webhook-urls';
import type { ReplyPlace } from '../../src/calls/voice-reply';
import { voiceRoutes } from '../../src/telephony/voice.routes';

const BASE = 'https://hotline.example.test';
const PLACES: ReplyPlace[] = [
  { webhook: 'callerStep', step: 4, queueStep: null },
  { webhook: 'callerStep', step: 9, queueStep: 6 },
  { webhook: 'holdLoop', queueStep: 6 },
  { webhook: 'emergency', within: 'menu' },
  { webhook: 'emergency', within: 'hold' },
  { webhook: 'emergencyCallbackNumber', attempt: 2, waitedTooLong: true, queueSeconds: 301 },
  { webhook: 'agentStep', step: 3 },
];

/** The registered route a URL of ours lands on, or null. */
function routeOf(url: string): string | null {
  const path = new URL(url).pathname.slice(TWILIO_MOUNT.length);
  return Object.values(WEBHOOK_PATHS).find((p) => new RegExp(`^${p.replace(/:\w+/g, '\\d+')}$`).test(path)) ?? null;
}

describe('the URL scheme of the webhooks, spelled once', () => {
  test('when the routes are mounted, then they are exactly the declared webhook paths', () => {
    const router = voiceRoutes({} as never);
    const registered = router.stack.map((layer) => layer.route?.path).filter(Boolean);
    expect([...registered].sort()).toEqual([...Object.values(WEBHOOK_PATHS)].sort());
  });

  test.each(PLACES)('when a turn is rendered for %o, then every URL it points at is absolute, under the public base URL, and a route we serve', (place) => {
    const { urls } = urlsFor(BASE, place);
    for (const url of Object.values(urls).filter((u): u is string => Boolean(u))) {
      expect(url.startsWith(`${BASE}${TWILIO_MOUNT}/`)).toBe(true);
      expect(routeOf(url)).not.toBeNull();
    }
  });

  test('when a menu step names a queue visit, then the queue URLs carry the visit and the keys carry the step', () => {
    expect(urlsFor(BASE, { webhook: 'callerStep', step: 9, queueStep: 6 }).urls).toMatchObject({
      input: `${BASE}/twilio/step/9`,
      noInput: `${BASE}/twilio/step/9/silence`,
      hold: `${BASE}/twilio/queue/6/hold`,
      queueResult: `${BASE}/twilio/queue/6/result`,
    });
    expect(webhookUrl(BASE, 'emergencyCallbackNumber', {}, { attempt: 1 })).toBe(`${BASE}/twilio/emergency/callback-number?attempt=1`);
    expect(() => webhookUrl(BASE, 'callerKeys')).toThrow('callerKeys needs step');
  });
});

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import twilio from 'twilio';

export const AUTH_TOKEN = 'test-auth-token-0123456789';
export const PUBLIC_BASE_URL = 'https://hotline.example.com';

/** What a route answers: a TwiML string (served as text/xml) or a full HTTP answer. */
export type RouteAnswer = string | { status?: number; contentType?: string; body?: string; location?: string; delayMs?: number };

export type Route = (params: Record<string, string>, request: RecordedRequest) => RouteAnswer;

export interface RecordedRequest {
  method: string;
  path: string;
  /** POST body or GET query. */
  params: Record<string, string>;
}

export interface FakeHotline {
  url: string;
  /** Every request that passed the signature check, in order. */
  requests: RecordedRequest[];
  /** Requests rejected with 403 because their signature did not match. */
  rejected: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in hotline on port 0 that checks every request's X-Twilio-Signature against the PUBLIC base URL
 * with twilio's own validateRequest (403 otherwise), then answers from `routes` keyed by path.
 */
export async function startFakeHotline(routes: Record<string, Route>): Promise<FakeHotline> {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const requests: RecordedRequest[] = [];
  const rejected: RecordedRequest[] = [];
  app.use((req, res) => {
    const params = (req.method === 'GET' ? req.query : (req.body ?? {})) as Record<string, string>;
    const recorded: RecordedRequest = { method: req.method, path: req.path, params };
    const signedParams = req.method === 'GET' ? {} : params;
    const signature = req.header('X-Twilio-Signature') ?? '';
    if (!twilio.validateRequest(AUTH_TOKEN, signature, PUBLIC_BASE_URL + req.originalUrl, signedParams)) {
      rejected.push(recorded);
      res.status(403).type('text/plain').send('bad signature');
      return;
    }
    requests.push(recorded);
    const route = routes[req.path];
    if (!route) {
      res.status(404).type('text/plain').send('no such route');
      return;
    }
    const answer = route(params, recorded);
    const full = typeof answer === 'string' ? { body: answer, contentType: 'text/xml' } : answer;
    const send = () => {
      if (full.location) res.location(full.location);
      res.status(full.status ?? 200);
      if (full.contentType) res.set('Content-Type', full.contentType);
      res.end(full.body ?? '');
    };
    if (full.delayMs) setTimeout(send, full.delayMs);
    else send();
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    rejected,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fresh VoiceResponse, so routes build TwiML the way the hotline must. */
export function twiml(): InstanceType<typeof twilio.twiml.VoiceResponse> {
  return new twilio.twiml.VoiceResponse();
}

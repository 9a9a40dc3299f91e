import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { twilioError, type SimulatedError } from './twilio-errors';

/** Where requests go and how they are signed. */
export interface WebhookTarget {
  /** Base URL the HTTP requests really go to, e.g. http://127.0.0.1:54321. */
  targetUrl: string;
  /** Base URL Twilio believes it calls, e.g. https://hotline.example.com: every signature is computed over it. */
  publicBaseUrl: string;
  authToken: string;
  /** Twilio gives up on a response after 15 s. */
  timeoutMs: number;
  /** `twilio` accepts text/html as TwiML like Twilio does; `xml-only` reports it as 12300 (a stricter house rule). */
  contentTypePolicy: 'twilio' | 'xml-only';
}

export interface WebhookRequest {
  /** Absolute public URL, as Twilio would request it. */
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
}

/** One HTTP request/response pair; a request answered by a 3xx produces one hop per redirect. */
export interface HttpHop {
  url: string;
  targetUrl: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  signature: string;
  status?: number;
  contentType?: string;
  body?: string;
  ms: number;
}

export type WebhookResponse =
  | { kind: 'twiml'; xml: string; url: string }
  | { kind: 'text'; text: string; url: string }
  | { kind: 'audio'; url: string }
  | { kind: 'accepted' }
  | { kind: 'failed'; error: SimulatedError };

/** Twilio rejects larger responses with 11750. */
const MAX_TWIML_BYTES = 64 * 1024;
const MAX_HTTP_REDIRECTS = 10;
const FOLLOWED_REDIRECTS = new Set([301, 302, 303, 307]);

/** Maps a public URL onto the real target: same path and query under `targetUrl`; other hosts are requested as they are. */
function toTargetUrl(publicUrl: string, target: Pick<WebhookTarget, 'publicBaseUrl' | 'targetUrl'>): string {
  const base = target.publicBaseUrl.replace(/\/+$/, '');
  const rest = publicUrl.slice(base.length);
  if (publicUrl.startsWith(base) && (rest === '' || rest.startsWith('/') || rest.startsWith('?'))) {
    return target.targetUrl.replace(/\/+$/, '') + rest;
  }
  return publicUrl;
}

/** Resolves a URL from TwiML (relative or absolute) against the URL of the document it came from. */
export function resolveUrl(reference: string, documentUrl: string): string {
  return new URL(reference.trim(), documentUrl).toString();
}

/**
 * Makes one webhook request the way Twilio does: form-encoded POST (or GET with the parameters in the query),
 * signed over the public URL, redirects followed, the answer checked for what `expect` needs.
 */
export async function sendWebhook(
  target: WebhookTarget,
  request: WebhookRequest,
  expect: 'twiml' | 'nothing',
): Promise<{ hops: HttpHop[]; response: WebhookResponse }> {
  const hops: HttpHop[] = [];
  let current = request;
  for (;;) {
    const { hop, response, failure } = await sendOnce(target, current);
    hops.push(hop);
    if (failure) return { hops, response: { kind: 'failed', error: failure } };
    if (!response) throw new Error('unreachable: no response and no failure');
    const status = response.status;
    if (status >= 300 && status < 400) {
      const location = response.headers.get('location');
      if (!FOLLOWED_REDIRECTS.has(status) || !location) {
        return { hops, response: failed(11216, `HTTP ${status}${location ? '' : ' without a Location header'}`, current.url) };
      }
      if (hops.length > MAX_HTTP_REDIRECTS) {
        return { hops, response: failed(11215, `more than ${MAX_HTTP_REDIRECTS} HTTP redirects in a row`, request.url) };
      }
      // Like a browser: 301/302/303 become a GET without the form body (so a Gather's Digits are lost); 307 repeats the request.
      const url = resolveUrl(location, current.url);
      current = status === 307 ? { ...current, url } : { url, method: 'GET', params: {} };
      continue;
    }
    if (status >= 400 || status < 200) {
      return { hops, response: failed(11200, `HTTP ${status} from ${current.method} ${current.url}`, current.url) };
    }
    if (expect === 'nothing') return { hops, response: { kind: 'accepted' } };
    return { hops, response: interpretBody(target, hop, current.url) };
  }
}

async function sendOnce(target: WebhookTarget, request: WebhookRequest): Promise<{ hop: HttpHop; response?: Response; failure?: SimulatedError }> {
  const signedUrl = request.method === 'GET' ? withQuery(request.url, request.params) : request.url;
  const signedParams = request.method === 'GET' ? {} : request.params;
  const signature = twilio.getExpectedTwilioSignature(target.authToken, signedUrl, signedParams);
  const targetUrl = toTargetUrl(signedUrl, target);
  const hop: HttpHop = { url: signedUrl, targetUrl, method: request.method, params: request.params, signature, ms: 0 };
  const started = Date.now();
  try {
    const response = await fetch(targetUrl, {
      method: request.method,
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs),
      headers: {
        'X-Twilio-Signature': signature,
        'User-Agent': 'TwilioProxy/1.1',
        Accept: '*/*',
        'I-Twilio-Idempotency-Token': randomUUID(),
        ...(request.method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
      },
      ...(request.method === 'POST' ? { body: new URLSearchParams(request.params).toString() } : {}),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    hop.status = response.status;
    const contentType = response.headers.get('content-type');
    if (contentType) hop.contentType = contentType;
    hop.body = bytes.toString('utf8');
    hop.ms = Date.now() - started;
    if (bytes.length > MAX_TWIML_BYTES && response.status < 300) {
      return { hop, failure: twilioError(11750, `the response is ${bytes.length} bytes; the limit is 64 kB`, request.url) };
    }
    return { hop, response };
  } catch (err) {
    hop.ms = Date.now() - started;
    const error = err as Error & { cause?: { code?: string } };
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    const detail = timedOut
      ? `no complete response within ${target.timeoutMs / 1000} s`
      : `could not connect to ${targetUrl} (${error.cause?.code ?? error.message})`;
    return { hop, failure: twilioError(11205, detail, request.url) };
  }
}

function interpretBody(target: WebhookTarget, hop: HttpHop, url: string): WebhookResponse {
  const mediaType = (hop.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const body = hop.body ?? '';
  if (mediaType === 'text/xml' || mediaType === 'application/xml') return { kind: 'twiml', xml: body, url };
  if (mediaType === 'text/html') {
    if (target.contentTypePolicy === 'twilio') return { kind: 'twiml', xml: body, url };
    return failed(12300, 'Content-Type text/html (Twilio itself accepts it; the xml-only policy does not)', url);
  }
  if (mediaType === 'text/plain') return { kind: 'text', text: body, url };
  if (mediaType.startsWith('audio/')) return { kind: 'audio', url };
  return failed(12300, mediaType ? `Content-Type ${mediaType} is neither TwiML, text nor audio` : 'no Content-Type header', url);
}

function failed(code: 11200 | 11215 | 11216 | 12300, detail: string, url: string): WebhookResponse {
  return { kind: 'failed', error: twilioError(code, detail, url) };
}

function withQuery(url: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  if (!query) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

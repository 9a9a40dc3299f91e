import { randomBytes } from 'node:crypto';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import twilio from 'twilio';

export interface TwimlAnswer {
  status: number;
  contentType: string;
  body: string;
  /** Parsed TwiML (null when the body is not XML). */
  doc: Document | null;
}

export const newCallSid = (): string => `CA${randomBytes(16).toString('hex')}`;

/** Sends requests signed exactly as Twilio signs them (HMAC-SHA1 over the public URL and sorted params). */
export class TwilioTestClient {
  constructor(
    readonly listenUrl: string,
    readonly publicBaseUrl: string,
    private readonly authToken: string,
  ) {}

  /** POSTs form params to a public URL (or a path), signed unless `signature` overrides it. */
  async post(urlOrPath: string, params: Record<string, string>, options: { signature?: string | null } = {}): Promise<TwimlAnswer> {
    const publicUrl = urlOrPath.startsWith('http') ? urlOrPath : `${this.publicBaseUrl}${urlOrPath}`;
    if (!publicUrl.startsWith(this.publicBaseUrl)) throw new Error(`TwiML pointed outside the public base URL: ${publicUrl}`);
    const path = publicUrl.slice(this.publicBaseUrl.length);
    const signature = options.signature === undefined ? twilio.getExpectedTwilioSignature(this.authToken, publicUrl, params) : options.signature;
    const res = await fetch(`${this.listenUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature === null ? {} : { 'x-twilio-signature': signature }),
      },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    const doc = contentType.includes('xml') ? new DOMParser().parseFromString(body, 'text/xml') : null;
    return { status: res.status, contentType, body, doc };
  }
}

/** The standard parameters Twilio sends with every voice webhook of a call. */
export function callParams(callSid: string, from = '+8613800138000', extra: Record<string, string> = {}): Record<string, string> {
  return {
    CallSid: callSid,
    AccountSid: `AC${'0'.repeat(32)}`,
    From: from,
    To: '+861095000000',
    Caller: from,
    Called: '+861095000000',
    CallStatus: 'in-progress',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

/** Text of every `<Say>` in a TwiML answer. */
export function spoken(answer: TwimlAnswer): string[] {
  if (!answer.doc) return [];
  return Array.from(answer.doc.getElementsByTagName('Say')).map((s: Element) => s.textContent ?? '');
}

/** The first element of a verb, e.g. `verb(answer, 'Gather')?.getAttribute('action')`. */
export function verb(answer: TwimlAnswer, name: string): Element | null {
  return answer.doc ? (answer.doc.getElementsByTagName(name)[0] ?? null) : null;
}

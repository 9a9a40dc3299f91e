import { checkSayVoice } from './say-voice-catalog';
import { parseTwiml, type TwimlElement } from './twiml-document';
import { twilioError, type SimulatedError } from './twilio-errors';

/**
 * Where a document runs, which decides the verbs Twilio allows in it:
 * `call` — any voice webhook; `waitUrl` — an `<Enqueue waitUrl>` document and what it leads to while queued;
 * `queueUrl` — a `<Dial><Queue url>` document played to the dequeued caller.
 */
export type TwimlContext = 'call' | 'waitUrl' | 'queueUrl';

const KNOWN_VERBS = new Set([
  'Say',
  'Play',
  'Pause',
  'Gather',
  'Redirect',
  'Hangup',
  'Reject',
  'Enqueue',
  'Leave',
  'Dial',
  'Record',
  'Connect',
  'Pay',
  'Refer',
  'Start',
  'Stop',
  'Echo',
  'Sms',
]);

const ALLOWED_VERBS: Record<TwimlContext, ReadonlySet<string>> = {
  call: KNOWN_VERBS,
  waitUrl: new Set(['Play', 'Say', 'Pause', 'Hangup', 'Redirect', 'Leave', 'Gather']),
  queueUrl: new Set(['Play', 'Say', 'Pause', 'Redirect']),
};

const CONTEXT_NAMES: Record<TwimlContext, string> = {
  call: 'a call document',
  waitUrl: 'a waitUrl document (allowed: Play, Say, Pause, Hangup, Redirect, Leave, Gather)',
  queueUrl: 'a <Queue url> document (allowed: Play, Say, Pause, Redirect)',
};

const GATHER_CHILDREN = new Set(['Say', 'Play', 'Pause']);
const DIAL_NOUNS = new Set(['Number', 'Client', 'Queue', 'Sip', 'Conference', 'Application']);
const SSML_TAGS = new Set(['break', 'emphasis', 'lang', 'p', 'phoneme', 'prosody', 's', 'say-as', 'sub', 'w', 'amazon:effect', 'amazon:domain']);
const FINISH_KEYS = /^[0-9#*]?$/;

/** Checks TwiML the way Twilio does before running it: returns every error Twilio would report (empty when valid). */
export function validateTwiml(xml: string, context: TwimlContext, url?: string): SimulatedError[] {
  const parsed = parseTwiml(xml);
  if (!parsed.ok) return [twilioError(12100, `the response is not well-formed XML (${parsed.reason})`, url)];
  return validateTwimlDocument(parsed.root, context, url);
}

/** Same as `validateTwiml` for an already parsed document. */
export function validateTwimlDocument(root: TwimlElement, context: TwimlContext, url?: string): SimulatedError[] {
  const errors: SimulatedError[] = [];
  const schema = (detail: string) => errors.push(twilioError(12200, detail, url));
  if (root.name !== 'Response') {
    schema(`the root element must be <Response>, got <${root.name}>`);
    return errors;
  }
  if (root.ownText) schema(`Response contains bare text "${clip(root.ownText)}"`);
  for (const verb of root.children) {
    if (!KNOWN_VERBS.has(verb.name)) {
      schema(`<${verb.name}> is not a TwiML verb (names are case-sensitive)`);
      continue;
    }
    if (!ALLOWED_VERBS[context].has(verb.name)) {
      schema(`<${verb.name}> is not allowed in ${CONTEXT_NAMES[context]}`);
      continue;
    }
    checkVerb(verb, errors, url, false);
  }
  return errors;
}

function checkVerb(verb: TwimlElement, errors: SimulatedError[], url: string | undefined, inGather: boolean): void {
  const schema = (detail: string) => errors.push(twilioError(12200, detail, url));
  const a = verb.attributes;
  switch (verb.name) {
    case 'Say': {
      for (const child of verb.children) {
        if (!SSML_TAGS.has(child.name)) schema(`<${child.name}> is not allowed inside <Say> (only SSML tags)`);
      }
      const voice = checkSayVoice(a.voice, a.language);
      if (!voice.ok) errors.push(twilioError(inGather ? 13321 : 13511, voice.reason, url));
      if (!verb.text) errors.push(twilioError(13520, 'Say has no text to speak', url));
      checkInteger(a, 'loop', 0, schema, 'Say');
      return;
    }
    case 'Play':
      noChildren(verb, schema);
      if (!verb.text && a.digits === undefined) schema('<Play> needs an audio URL or a digits attribute');
      if (a.digits !== undefined && !/^[0-9*#wW]+$/.test(a.digits)) schema(`<Play digits="${a.digits}"> has characters other than 0-9 * # w`);
      checkInteger(a, 'loop', 0, schema, 'Play');
      return;
    case 'Pause':
      noChildren(verb, schema);
      if (verb.text) schema('<Pause> takes no text');
      checkInteger(a, 'length', 0, schema, 'Pause');
      return;
    case 'Gather':
      for (const child of verb.children) {
        if (!GATHER_CHILDREN.has(child.name)) {
          errors.push(twilioError(13320, `<${child.name}> cannot be nested in <Gather> (only Say, Play, Pause)`, url));
        } else checkVerb(child, errors, url, true);
      }
      if (verb.ownText) schema(`Gather contains bare text "${clip(verb.ownText)}"`);
      checkInteger(a, 'numDigits', 1, schema, 'Gather');
      if (a.timeout !== undefined && a.timeout !== 'auto') checkInteger(a, 'timeout', 1, schema, 'Gather');
      if (a.finishOnKey !== undefined && !FINISH_KEYS.test(a.finishOnKey)) {
        schema(`Gather finishOnKey="${a.finishOnKey}"> must be one of 0-9, #, * or empty`);
      }
      checkBoolean(a, 'actionOnEmptyResult', schema, 'Gather');
      checkMethod(a, 'method', schema, 'Gather');
      return;
    case 'Redirect':
      noChildren(verb, schema);
      if (!verb.text) schema('<Redirect> needs a URL');
      checkMethod(a, 'method', schema, 'Redirect');
      return;
    case 'Hangup':
    case 'Leave':
    case 'Reject':
      noChildren(verb, schema);
      return;
    case 'Enqueue':
      for (const child of verb.children) if (child.name !== 'Task') schema(`<${child.name}> cannot be nested in <Enqueue>`);
      if (!verb.ownText && !a.workflowSid) schema('<Enqueue> needs a queue name');
      if (verb.ownText.length > 64) schema(`queue name "${clip(verb.ownText)}" is longer than 64 characters`);
      checkMethod(a, 'method', schema, 'Enqueue');
      checkMethod(a, 'waitUrlMethod', schema, 'Enqueue');
      return;
    case 'Dial':
      for (const child of verb.children) {
        if (!DIAL_NOUNS.has(child.name)) schema(`<${child.name}> cannot be nested in <Dial>`);
        else if (!child.text && child.name !== 'Client') schema(`<${child.name}> inside <Dial> is empty`);
      }
      if (verb.children.length > 0 && verb.ownText) schema('<Dial> mixes a bare number with nested nouns');
      if (verb.children.length === 0 && !verb.ownText) schema('<Dial> has nothing to dial');
      checkInteger(a, 'timeout', 1, schema, 'Dial');
      checkInteger(a, 'timeLimit', 1, schema, 'Dial');
      checkBoolean(a, 'hangupOnStar', schema, 'Dial');
      checkMethod(a, 'method', schema, 'Dial');
      return;
    default:
      return;
  }
}

function noChildren(verb: TwimlElement, schema: (detail: string) => void): void {
  for (const child of verb.children) schema(`<${child.name}> cannot be nested in <${verb.name}>`);
}

function checkInteger(a: Record<string, string>, name: string, min: number, schema: (detail: string) => void, verb: string): void {
  const value = a[name];
  if (value === undefined) return;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) schema(`<${verb} ${name}="${value}"> must be an integer ≥ ${min}`);
}

function checkBoolean(a: Record<string, string>, name: string, schema: (detail: string) => void, verb: string): void {
  const value = a[name];
  if (value !== undefined && value !== 'true' && value !== 'false') schema(`<${verb} ${name}="${value}"> must be true or false`);
}

function checkMethod(a: Record<string, string>, name: string, schema: (detail: string) => void, verb: string): void {
  const value = a[name];
  if (value !== undefined && value.toUpperCase() !== 'GET' && value.toUpperCase() !== 'POST') {
    schema(`<${verb} ${name}="${value}"> must be GET or POST`);
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

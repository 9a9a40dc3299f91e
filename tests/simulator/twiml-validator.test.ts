import { validateTwiml } from '../../src/simulator/voice-simulator';
import { checkSayVoice } from '../../src/simulator/say-voice-catalog';
import { twiml } from './fake-hotline';

const codes = (xml: string, context: Parameters<typeof validateTwiml>[1] = 'call') => validateTwiml(xml, context).map((e) => e.code);

describe('validateTwiml', () => {
  it('when a document built with VoiceResponse uses the hotline verbs, then it is valid in a call', () => {
    const r = twiml();
    r.gather({ numDigits: 1, action: '/x', actionOnEmptyResult: true }).say({ voice: 'Polly.Zhiyu-Neural', language: 'cmn-CN' }, '您好');
    r.enqueue({ waitUrl: '/wait', action: '/done' }, 'support');
    r.dial({ hangupOnStar: true, timeout: 20 }).queue({ url: '/whisper' }, 'support');
    r.redirect('/again');
    r.hangup();

    expect(codes(r.toString())).toEqual([]);
  });

  it.each([
    ['Enqueue', '<Enqueue>q</Enqueue>'],
    ['Dial', '<Dial>+8613800138000</Dial>'],
  ])('when a waitUrl document contains <%s>, then 12200 is reported', (_verb, inner) => {
    expect(codes(`<Response>${inner}</Response>`, 'waitUrl')).toEqual([12200]);
  });

  it('when a waitUrl document uses Play, Say, Pause, Gather, Redirect, Leave and Hangup, then it is valid', () => {
    const doc = '<Response><Say>a</Say><Play>x.mp3</Play><Pause/><Gather><Say>b</Say></Gather><Leave/><Redirect>/w</Redirect><Hangup/></Response>';
    expect(codes(doc, 'waitUrl')).toEqual([]);
  });

  it('when a <Queue url> document contains a Gather, then 12200 is reported', () => {
    expect(codes('<Response><Gather><Say>a</Say></Gather></Response>', 'queueUrl')).toEqual([12200]);
  });

  it('when the root element is not <Response>, then 12200 is reported', () => {
    expect(codes('<html><body>Error</body></html>')).toEqual([12200]);
  });

  it('when a Gather nests a Dial, then 13320 is reported', () => {
    expect(codes('<Response><Gather><Dial>123</Dial></Gather></Response>')).toEqual([13320]);
  });

  it('when a Say is empty, then 13520 is reported', () => {
    expect(codes('<Response><Say voice="Polly.Joanna"> </Say></Response>')).toEqual([13520]);
  });

  it.each([
    ['<Gather numDigits="0"/>'],
    ['<Gather timeout="soon"/>'],
    ['<Gather finishOnKey="##"/>'],
    ['<Gather actionOnEmptyResult="yes"/>'],
    ['<Dial hangupOnStar="1"><Queue>q</Queue></Dial>'],
    ['<Pause length="-1"/>'],
  ])('when an attribute value is out of range (%s), then 12200 is reported', (inner) => {
    expect(codes(`<Response>${inner}</Response>`)).toEqual([12200]);
  });

  it('when the XML is broken, then 12100 is reported', () => {
    expect(codes('<Response><Say>unclosed</Response>')).toEqual([12100]);
  });

  it('when a Say uses SSML with the undeclared amazon: prefix, then it is still valid', () => {
    expect(codes('<Response><Say voice="Polly.Joanna"><amazon:effect name="whispered">hi</amazon:effect></Say></Response>')).toEqual([]);
  });
});

describe('checkSayVoice', () => {
  it.each([
    ['Polly.Zhiyu', 'cmn-CN'],
    ['Polly.Zhiyu-Neural', 'cmn-CN'],
    ['Polly.Joanna', 'en-US'],
    ['Polly.Joanna-Neural', 'en-US'],
    ['Polly.Matthew', 'en-US'],
    ['alice', 'zh-CN'],
    ['alice', 'en-US'],
    ['man', 'en-GB'],
    ['woman', 'en-US'],
    ['Google.cmn-CN-Standard-A', 'cmn-CN'],
    ['Google.en-US-Neural2-F', 'en-US'],
  ])('when %s speaks %s, then the pair is accepted', (voice, language) => {
    expect(checkSayVoice(voice, language).ok).toBe(true);
  });

  it.each([
    ['Polly.Joanna', 'cmn-CN'],
    ['Polly.Zhiyu', 'en-US'],
    ['Polly.Zhiyu', 'zh-CN'],
    ['alice', 'cmn-CN'],
    ['man', 'zh-CN'],
    ['Google.cmn-CN-Standard-A', 'en-US'],
    ['Polly.Aditi-Neural', 'en-IN'],
    ['Polly.Nobody', 'en-US'],
    ['robot', 'en-US'],
  ])('when %s is asked to speak %s, then the pair is rejected', (voice, language) => {
    expect(checkSayVoice(voice, language).ok).toBe(false);
  });

  it('when a Polly voice has no language attribute, then it speaks its own language', () => {
    expect(checkSayVoice('Polly.Zhiyu', undefined)).toEqual({ ok: true, language: 'cmn-CN' });
  });
});

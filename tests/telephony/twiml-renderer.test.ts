import { initialTransition, transition } from 'xstate';
import { voiceFor } from '../../flows/call-voice';
import { hotlineMachine } from '../../flows/hotline.flow';
import type { Speech, VoiceTurn } from '../../flows/voice.types';
import { emptyTwiml, renderTurn } from '../../src/telephony/twiml-renderer';
import type { TurnUrls } from '../../src/telephony/webhook-urls';
import { aCallInput, press } from '../flows/call-events.factory';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const BASE = 'https://hotline.example.com';
const urls: TurnUrls = {
  input: `${BASE}/twilio/calls/input?step=3&kind=keys`,
  noInput: `${BASE}/twilio/calls/no-input?step=3`,
  hold: `${BASE}/twilio/calls/hold?queueStep=2`,
  queueResult: `${BASE}/twilio/calls/queue-result?queueStep=2`,
};
const options = { holdMusicUrl: 'https://music.example.com/hold.mp3' };

const zh = (text: string): Speech => ({ kind: 'say', text, language: 'zh-CN' });
const en = (text: string): Speech => ({ kind: 'say', text, language: 'en-US' });

describe('renderTurn', () => {
  it('when one key is asked for, then a one-digit Gather posts to the absolute input URL and silence redirects to the no-input URL', () => {
    const turn: VoiceTurn = { kind: 'ask', speech: [en('Press 1.')], expect: { purpose: 'mainMenu', keys: 'one', timeoutSeconds: 6 } };

    expect(renderTurn(turn, urls, options)).toBe(
      `${XML}<Response>` +
        `<Gather action="https://hotline.example.com/twilio/calls/input?step=3&amp;kind=keys" method="POST" timeout="6" actionOnEmptyResult="true" finishOnKey="#" numDigits="1">` +
        `<Say voice="Polly.Joanna" language="en-US">Press 1.</Say>` +
        `</Gather>` +
        `<Redirect method="POST">https://hotline.example.com/twilio/calls/no-input?step=3</Redirect>` +
        `</Response>`,
    );
  });

  it('when digits ending with # are asked for, then the Gather has no digit limit', () => {
    const turn: VoiceTurn = { kind: 'ask', speech: [zh('请输入号码。')], expect: { purpose: 'mobileNumber', keys: 'digits', timeoutSeconds: 8 } };

    expect(renderTurn(turn, urls, options)).toBe(
      `${XML}<Response>` +
        `<Gather action="https://hotline.example.com/twilio/calls/input?step=3&amp;kind=keys" method="POST" timeout="8" actionOnEmptyResult="true" finishOnKey="#">` +
        `<Say voice="Polly.Zhiyu" language="cmn-CN">请输入号码。</Say>` +
        `</Gather>` +
        `<Redirect method="POST">https://hotline.example.com/twilio/calls/no-input?step=3</Redirect>` +
        `</Response>`,
    );
  });

  it('when a key is asked in the hold loop, then silence just ends the Gather: no empty action and no redirect', () => {
    const turn: VoiceTurn = {
      kind: 'ask',
      speech: [en('You are next in line.'), { kind: 'music' }],
      expect: { purpose: 'holdMenu', keys: 'one', timeoutSeconds: 2 },
    };

    expect(renderTurn(turn, urls, { ...options, context: 'hold' })).toBe(
      `${XML}<Response>` +
        `<Gather action="https://hotline.example.com/twilio/calls/input?step=3&amp;kind=keys" method="POST" timeout="2" finishOnKey="#" numDigits="1">` +
        `<Say voice="Polly.Joanna" language="en-US">You are next in line.</Say>` +
        `<Play>https://music.example.com/hold.mp3</Play>` +
        `</Gather>` +
        `</Response>`,
    );
  });

  it('when the caller is queued, then what is said comes first and the Enqueue names the queue with absolute wait and action URLs', () => {
    const turn: VoiceTurn = { kind: 'enqueue', speech: [en('Let me put you through to an agent.')], queue: 'freeze' };

    expect(renderTurn(turn, urls, options)).toBe(
      `${XML}<Response>` +
        `<Say voice="Polly.Joanna" language="en-US">Let me put you through to an agent.</Say>` +
        `<Enqueue action="https://hotline.example.com/twilio/calls/queue-result?queueStep=2" method="POST" waitUrl="https://hotline.example.com/twilio/calls/hold?queueStep=2" waitUrlMethod="POST">freeze</Enqueue>` +
        `</Response>`,
    );
  });

  it('when the caller leaves a queue, then the answer is a bare Leave', () => {
    expect(renderTurn({ kind: 'leaveQueue' }, urls, options)).toBe(`${XML}<Response><Leave/></Response>`);
  });

  it('when the call ends, then the goodbye is said and the call hung up', () => {
    const turn: VoiceTurn = { kind: 'hangup', speech: [zh('再见。'), { kind: 'pause', seconds: 1 }] };

    expect(renderTurn(turn, urls, options)).toBe(
      `${XML}<Response><Say voice="Polly.Zhiyu" language="cmn-CN">再见。</Say><Pause length="1"/><Hangup/></Response>`,
    );
  });

  it('when there is nothing to say at the end, then it is a bare Hangup', () => {
    expect(renderTurn({ kind: 'hangup', speech: [] }, urls, options)).toBe(`${XML}<Response><Hangup/></Response>`);
  });

  it('when a turn only speaks, then nothing follows the speech (in the hold loop Twilio then asks again)', () => {
    const turn: VoiceTurn = { kind: 'speak', speech: [en('Please stay on the line.'), { kind: 'music' }] };

    expect(renderTurn(turn, urls, { ...options, context: 'hold' })).toBe(
      `${XML}<Response><Say voice="Polly.Joanna" language="en-US">Please stay on the line.</Say><Play>https://music.example.com/hold.mp3</Play></Response>`,
    );
  });

  it('when a spoken text holds markup, an ampersand, a CDATA end or a line break, then it is escaped, never raw', () => {
    const turn: VoiceTurn = { kind: 'speak', speech: [en('a <Hangup/> & ]]> b\r\nc')] };

    const twiml = renderTurn(turn, urls, options);

    expect(twiml).toBe(`${XML}<Response><Say voice="Polly.Joanna" language="en-US">a &lt;Hangup/&gt; &amp; ]]&gt; b&#xD;\nc</Say></Response>`);
    expect(twiml).not.toContain('<Hangup/>');
    expect(twiml).not.toContain(']]>');
  });

  it('when a URL carries a quote or markup, then the attribute stays one attribute', () => {
    const twiml = renderTurn({ kind: 'enqueue', speech: [], queue: 'general' }, { ...urls, hold: `${BASE}/hold?x="><Hangup/>` }, options);

    // `>` is legal inside an attribute value; the quote and `<` are what could break out of it.
    expect(twiml).toContain('waitUrl="https://hotline.example.com/hold?x=&quot;>&lt;Hangup/>"');
    expect(twiml).not.toContain('<Hangup/>');
  });

  it('when the language menu is rendered from the flow, then each language is said by a voice that speaks it', () => {
    const [snapshot] = initialTransition(hotlineMachine, aCallInput());
    const twiml = renderTurn(voiceFor(snapshot), urls, options);

    expect(twiml).toContain('<Say voice="Polly.Zhiyu" language="cmn-CN">普通话服务请按1。</Say>');
    expect(twiml).toContain('<Say voice="Polly.Joanna" language="en-US">For English, press 2.</Say>');
    expect(twiml).not.toMatch(/voice="Polly\.Zhiyu" language="en-US"|voice="Polly\.Joanna" language="cmn-CN"/);
  });

  it('when an English caller reaches the main menu, then every sentence is in the English voice', () => {
    const [start] = initialTransition(hotlineMachine, aCallInput());
    const [snapshot] = transition(hotlineMachine, start, press('2'));
    const twiml = renderTurn(voiceFor(snapshot), urls, options);

    expect(twiml.match(/<Say [^>]*>/g)).toEqual(['<Say voice="Polly.Joanna" language="en-US">']);
  });
});

describe('emptyTwiml', () => {
  it('when a status callback is answered, then the answer is an empty Response', () => {
    expect(emptyTwiml()).toBe(`${XML}<Response/>`);
  });
});

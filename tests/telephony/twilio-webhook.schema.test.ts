import { countFrom, finalStatusFrom, keysFrom, queueResultFrom, readWebhook } from '../../src/telephony/twilio-webhook.schema';

const keys = (body: Record<string, unknown>, silenceRoute = false) => keysFrom(readWebhook(body), silenceRoute);

describe('keysFrom', () => {
  it('when the caller pressed one key, then it is that key', () => {
    expect(keys({ Digits: '1' })).toEqual({ kind: 'pressed', digits: '1', finishedOnKey: '' });
  });

  it('when the caller typed digits and #, then they are the digits, finished by #', () => {
    expect(keys({ Digits: '13800138000', FinishedOnKey: '#' })).toEqual({ kind: 'pressed', digits: '13800138000', finishedOnKey: '#' });
  });

  it('when Digits still carries the trailing #, then the # is not part of the digits', () => {
    expect(keys({ Digits: '12345678#', FinishedOnKey: '#' })).toEqual({ kind: 'pressed', digits: '12345678', finishedOnKey: '#' });
  });

  it('when the caller typed * as a decimal point, then it is kept', () => {
    expect(keys({ Digits: '12*5', FinishedOnKey: '#' })).toEqual({ kind: 'pressed', digits: '12*5', finishedOnKey: '#' });
  });

  it('when the caller pressed # alone, then it is a deliberate skip', () => {
    expect(keys({ Digits: '', FinishedOnKey: '#' })).toEqual({ kind: 'pressed', digits: '', finishedOnKey: '#' });
  });

  it('when Digits is empty and nothing finished the entry, then it is silence', () => {
    expect(keys({ Digits: '', FinishedOnKey: '' })).toEqual({ kind: 'silent' });
  });

  it('when there is no Digits field at all, then it is silence', () => {
    expect(keys({ CallSid: 'CA0123456789abcdef0123456789abcdef' })).toEqual({ kind: 'silent' });
  });

  it('when the request came by the no-input redirect, then it is silence whatever it carries', () => {
    expect(keys({ Digits: '1' }, true)).toEqual({ kind: 'silent' });
  });

  it('when Twilio finished on a key other than #, then it is not taken for #', () => {
    expect(keys({ Digits: '5', FinishedOnKey: '*' })).toEqual({ kind: 'pressed', digits: '5', finishedOnKey: '' });
  });

  it.each([
    ['10,000 digits', '1'.repeat(10_000)],
    ['41 digits', '1'.repeat(41)],
    ['letters', 'abc'],
    ['markup', '<Say>hi</Say>'],
    ['a less-than sign', '1<2'],
    ['a CDATA end', ']]>'],
    ['full-width digits', '１２３'],
    ['an emoji', '1😀'],
    ['a CR/LF', '12\r\n34'],
    ['a trailing newline', '12\n'],
    ['spaces', '1 2'],
    ['a minus sign', '-1'],
  ])('when Digits holds %s, then it is garbled input', (_, digits) => {
    expect(keys({ Digits: digits })).toEqual({ kind: 'garbled' });
  });

  it.each([
    ['an array', ['1', '2']],
    ['an object', { a: '1' }],
    ['a number', 5],
  ])('when Digits arrives as %s instead of text, then it is read as absent (silence)', (_, digits) => {
    expect(keys({ Digits: digits })).toEqual({ kind: 'silent' });
  });
});

describe('readWebhook', () => {
  it('when the body is not an object, then every field reads as absent', () => {
    expect(readWebhook(null)).toEqual({});
    expect(readWebhook('Digits=1')).toEqual({});
  });

  it('when a CallSid is not a Twilio call SID, then it reads as absent', () => {
    expect(readWebhook({ CallSid: 'CA<script>' }).CallSid).toBeUndefined();
    expect(readWebhook({ CallSid: 'CA0123456789abcdef0123456789abcdef' }).CallSid).toBe('CA0123456789abcdef0123456789abcdef');
  });

  it('when a field we read is longer than 256 characters, then it reads as absent instead of growing logs', () => {
    const w = readWebhook({ From: '+86' + '1'.repeat(300), To: '+8610' });

    expect(w.From).toBeUndefined();
    expect(w.To).toBe('+8610');
  });

  it('when Twilio adds a parameter we do not know, then it passes', () => {
    expect(readWebhook({ StirVerstat: 'TN-Validation-Passed-A' })).toMatchObject({ StirVerstat: 'TN-Validation-Passed-A' });
  });
});

describe('queueResultFrom', () => {
  it.each(['bridged', 'hangup', 'leave', 'redirected-from-bridged', 'queue-full', 'system-error'])(
    'when Twilio reports %s, then that is the result',
    (result) => {
      expect(queueResultFrom(readWebhook({ QueueResult: result }))).toBe(result);
    },
  );

  it.each([undefined, '', 'Bridged', 'hangup<'])('when Twilio reports %p, then it is an error result', (result) => {
    expect(queueResultFrom(readWebhook({ QueueResult: result }))).toBe('error');
  });
});

describe('finalStatusFrom', () => {
  it.each(['completed', 'busy', 'failed', 'no-answer', 'canceled'])('when the call status is %s, then the call is over', (status) => {
    expect(finalStatusFrom(readWebhook({ CallStatus: status }))).toBe(status);
  });

  it.each(['ringing', 'in-progress', 'queued', undefined])('when the call status is %p, then it is not final', (status) => {
    expect(finalStatusFrom(readWebhook({ CallStatus: status }))).toBeNull();
  });
});

describe('countFrom', () => {
  it.each([
    ['0', 0],
    ['42', 42],
    ['999999999', 999999999],
  ])('when the value is %s, then it is %d', (value, count) => {
    expect(countFrom(value)).toBe(count);
  });

  it.each([undefined, '', '-1', '1.5', '1e3', '0x10', ' 4', '1234567890'])('when the value is %p, then it is not a count', (value) => {
    expect(countFrom(value)).toBeNull();
  });
});

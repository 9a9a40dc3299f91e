import { parseCallScript, ScriptFileError } from '../../src/simulator/call-script-file';
import { KeyScriptError, parseKeyScript } from '../../src/simulator/key-script';

describe('key scripts', () => {
  it('when the CLI gives "1,2,4#,#,-,silence,hangup,wait=30", then each token becomes one entry', () => {
    expect(parseKeyScript('1,2,4#,#,-,silence,hangup,wait=30')).toEqual([
      { kind: 'keys', digits: '1' },
      { kind: 'keys', digits: '2' },
      { kind: 'keys', digits: '4#' },
      { kind: 'keys', digits: '#' },
      { kind: 'keys', digits: '' },
      { kind: 'keys', digits: '' },
      { kind: 'hangup' },
      { kind: 'wait', seconds: 30 },
    ]);
  });

  it('when the script is empty, then there are no entries (not one silence)', () => {
    expect(parseKeyScript('')).toEqual([]);
  });

  it('when a token is not DTMF, then a KeyScriptError names it', () => {
    expect(() => parseKeyScript('1,a')).toThrow(KeyScriptError);
    expect(() => parseKeyScript('1,a')).toThrow(/"a"/);
  });
});

describe('call script files', () => {
  it('when steps carry expectations, then they attach to the step that answers what was heard', () => {
    const [leg] = parseCallScript({
      from: '+8613800138000',
      steps: [{ expect: '请按1', keys: '1' }, { expect: ['订单号'] }, '4321#', { wait: 60 }, { hangup: true }, { expect: '再见' }],
    });

    expect(leg?.spec).toMatchObject({
      from: '+8613800138000',
      keys: [
        { kind: 'keys', digits: '1', expect: ['请按1'] },
        { kind: 'keys', digits: '4321#', expect: ['订单号'] },
        { kind: 'wait', seconds: 60 },
        { kind: 'hangup' },
      ],
      expectAtEnd: ['再见'],
    });
  });

  it('when a file has several legs, then agent legs are marked and labelled', () => {
    const legs = parseCallScript({ legs: [{ steps: ['0'] }, { agent: '1001', startAt: 30, steps: ['1001#'] }] });

    expect(legs[1]).toMatchObject({ agent: '1001', spec: { label: 'agent 1001', startAtSeconds: 30 } });
  });

  it('when a step mixes two actions or has an unknown field, then the file is rejected with its path', () => {
    expect(() => parseCallScript({ steps: [{ keys: '1', hangup: true }] })).toThrow(ScriptFileError);
    expect(() => parseCallScript({ steps: [{ key: '1' }] })).toThrow(/steps/);
    expect(() => parseCallScript({ steps: ['1x'] })).toThrow(/steps\[0\]/);
  });
});

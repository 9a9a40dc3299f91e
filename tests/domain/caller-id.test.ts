import { classifyCallerId, maskPhoneNumber } from '../../src/domain/caller-id';

describe('classifyCallerId', () => {
  it.each([
    ['a mainland mobile', '+8613800138000', '8000'],
    ['a Shanghai landline', '+862155501234', '1234'],
    ['a Beijing landline (area code 10)', '+861065529988', '9988'],
    ['a Guangzhou landline (area code 20)', '+862087654321', '4321'],
    ['a mobile with spaces around it', ' +8619912345678 ', '5678'],
  ])('when the caller ID is %s, then it can be called back and its last four digits are known', (_, from, last4) => {
    expect(classifyCallerId(from)).toEqual({ usable: true, last4 });
  });

  it.each([
    ['anonymous', 'anonymous'],
    ['Anonymous in capitals', 'Anonymous'],
    ['private', 'private'],
    ['unknown', 'unknown'],
    ['restricted', 'restricted'],
    ['empty', ''],
    ["Twilio's anonymous placeholder", '+266696687'],
    ['a SIP address', 'sip:alice@pbx.example.com'],
    ['a SIP address in capitals', 'SIP:alice@pbx.example.com'],
    ['a Twilio client', 'client:agent-7'],
  ])('when the caller ID is %s, then it cannot be called back and no digits are kept', (_, from) => {
    expect(classifyCallerId(from)).toEqual({ usable: false, last4: '' });
  });

  it.each([
    ['a US number', '+14155550123', '0123'],
    ['a Hong Kong number', '+85291234567', '4567'],
    ['a mainland mobile without its country code', '13800138000', '8000'],
    ['a mainland mobile with a digit too many', '+86138001380001', '0001'],
    ['a number starting 12 (not a mobile prefix)', '+8612345678901', '8901'],
  ])('when the caller ID is %s, then it is foreign-format and not called back', (_, from, last4) => {
    expect(classifyCallerId(from)).toEqual({ usable: false, last4 });
  });
});

describe('maskPhoneNumber', () => {
  it.each([
    ['+8613800138000', '138****8000'],
    ['13800138000', '138****8000'],
    ['+862155501234', '****1234'],
    ['+14155550123', '141****0123'],
    ['5551234', '****1234'],
    ['sip:alice@pbx.example.com', 'sip:****'],
    ['client:agent-7', 'client:****'],
    ['anonymous', 'anonymous'],
    ['', ''],
  ])('when %s is masked, then it reads %s', (number, masked) => {
    expect(maskPhoneNumber(number)).toBe(masked);
  });

  it.each([null, undefined])('when there is no number (%s), then the mask is empty', (number) => {
    expect(maskPhoneNumber(number)).toBe('');
  });

  it('when a number is masked, then its middle digits never appear', () => {
    expect(maskPhoneNumber('+8613812345678')).not.toMatch(/1234/);
  });

  it('when a caller ID carries markup or line breaks instead of digits, then none of it survives', () => {
    expect(maskPhoneNumber('<script>\r\nx')).toBe('scriptx');
    expect(maskPhoneNumber('x'.repeat(40))).toBe('****');
  });
});

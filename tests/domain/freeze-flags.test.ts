import { freezeFlag } from '../../src/domain/freeze-flags';

const request = { mobileNumber: '13800138000', callerNumber: '+8613900000001' };
const times = (n: number, r: { mobileNumber: string | null; callerNumber: string }) => Array.from({ length: n }, () => r);

describe('flagging repeated freeze requests', () => {
  test('when three earlier requests this hour named the same wallet number, then the fourth is flagged for that number', () => {
    expect(freezeFlag(request, times(3, { mobileNumber: '13800138000', callerNumber: '+8613700000009' }))).toBe(
      '4 freeze requests for this wallet number within an hour',
    );
  });

  test('when three earlier requests this hour came from the same caller for other numbers, then the fourth is flagged for the caller', () => {
    expect(freezeFlag(request, times(3, { mobileNumber: '13600000000', callerNumber: '+8613900000001' }))).toBe(
      '4 freeze requests from this caller within an hour',
    );
  });

  test('when there were only two, or the number was never typed, then nothing is flagged', () => {
    expect(freezeFlag(request, times(2, request))).toBeNull();
    expect(freezeFlag({ mobileNumber: null, callerNumber: 'anonymous' }, times(3, { mobileNumber: null, callerNumber: '+8613700000009' }))).toBeNull();
  });
});

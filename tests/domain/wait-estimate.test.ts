import { estimateWaitMinutes } from '../../src/domain/wait-estimate';

describe('estimateWaitMinutes', () => {
  it.each([[[]], [[60]], [[60, 120]]])('when there are fewer than 3 recent waits (%j), then no estimate is promised', (waits) => {
    expect(estimateWaitMinutes(waits, 0)).toBeNull();
  });

  it('when recent callers waited 1, 2 and 3 minutes, then a new caller expects about 2 minutes (the median)', () => {
    expect(estimateWaitMinutes([180, 60, 120], 0)).toBe(2);
  });

  it('when one recent wait was extreme, then the median ignores it', () => {
    expect(estimateWaitMinutes([60, 60, 3600], 0)).toBe(1);
  });

  it('when there is an even number of waits, then the median is the mean of the middle two', () => {
    // median of 60, 120, 180, 240 is 150 s: 2.5 minutes, rounded up.
    expect(estimateWaitMinutes([240, 60, 180, 120], 0)).toBe(3);
  });

  it('when the caller has already waited, then that is taken off the estimate', () => {
    expect(estimateWaitMinutes([300, 300, 300], 130)).toBe(3);
  });

  it('when less than a minute is left, then the estimate is 1 minute, never 0', () => {
    expect(estimateWaitMinutes([30, 30, 30], 0)).toBe(1);
    expect(estimateWaitMinutes([300, 300, 300], 299)).toBe(1);
  });

  it('when the caller has waited as long as usual or longer, then no estimate is promised', () => {
    expect(estimateWaitMinutes([300, 300, 300], 300)).toBeNull();
    expect(estimateWaitMinutes([300, 300, 300], 900)).toBeNull();
  });

  it('when the estimate is computed, then the recent waits given are left as they were', () => {
    const waits = [180, 60, 120];
    estimateWaitMinutes(waits, 0);

    expect(waits).toEqual([180, 60, 120]);
  });
});

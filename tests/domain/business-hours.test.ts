import { closedReason, localTime, parseBusinessHours, type OpeningConditions, type WeeklyHours } from '../../src/domain/business-hours';

const MON_FRI_AND_WEEKEND = 'Mon-Fri 09:00-21:00; Sat-Sun 10:00-18:00';

/** An instant given as Shanghai wall-clock time (UTC+8, no daylight saving). */
const shanghai = (localIso: string): Date => new Date(`${localIso}+08:00`);

const conditions = (overrides: Partial<OpeningConditions> = {}): OpeningConditions => ({
  hours: parseBusinessHours('Mon-Fri 09:00-21:00'),
  timeZone: 'Asia/Shanghai',
  emergencyClosure: false,
  ...overrides,
});

describe('parseBusinessHours', () => {
  it.each(['always', 'ALWAYS', ' 24/7 '])('when the hours are "%s", then the hotline is open round the clock', (text) => {
    expect(parseBusinessHours(text)).toEqual({ always: true });
  });

  it('when weekdays and the weekend have different hours, then each day gets its own range in minutes', () => {
    const hours = parseBusinessHours(MON_FRI_AND_WEEKEND);

    expect(hours).toEqual({
      always: false,
      days: [[[600, 1080]], [[540, 1260]], [[540, 1260]], [[540, 1260]], [[540, 1260]], [[540, 1260]], [[600, 1080]]],
    });
  });

  it('when a day has a lunch break, then it has two ranges and unmentioned days are closed', () => {
    const hours = parseBusinessHours('Mon 09:00-12:00,13:00-18:00') as Extract<WeeklyHours, { always: false }>;

    expect(hours.days[1]).toEqual([
      [540, 720],
      [780, 1080],
    ]);
    expect(hours.days.filter((d) => d.length === 0)).toHaveLength(6);
  });

  it('when a day range wraps past Sunday, then it covers the days in between', () => {
    const hours = parseBusinessHours('Fri-Mon 10:00-16:00') as Extract<WeeklyHours, { always: false }>;

    expect(hours.days.map((d) => d.length)).toEqual([1, 1, 0, 0, 0, 1, 1]);
  });

  it('when full day names and 24:00 are used, then they are understood', () => {
    const hours = parseBusinessHours('Saturday 00:00-24:00') as Extract<WeeklyHours, { always: false }>;

    expect(hours.days[6]).toEqual([[0, 1440]]);
  });

  it.each([
    ['', /empty/],
    [' ; ', /empty/],
    ['09:00-21:00', /cannot read "09:00-21:00"/],
    ['Mon-Fri', /cannot read "Mon-Fri"/],
    ['Xyz 09:00-10:00', /unknown day "Xyz"/],
    ['Mon 9-10', /"9" is not a time like 09:00/],
    ['Mon 09:00', /"09:00" is not a range like 09:00-21:00/],
    ['Mon 21:00-09:00', /"21:00-09:00" ends before it starts/],
    ['Mon 09:00-09:00', /ends before it starts/],
    ['Mon 25:00-26:00', /"25:00" is not a time of day/],
    ['Mon 09:60-10:00', /"09:60" is not a time of day/],
    ['Mon 09:00-24:30', /"24:30" is not a time of day/],
  ])('when the hours are "%s", then parsing fails saying why', (text, message) => {
    expect(() => parseBusinessHours(text)).toThrow(message);
  });
});

describe('localTime', () => {
  it("when it is just after midnight in Shanghai, then the local date, weekday and minute are Shanghai's, not UTC's", () => {
    // 2025-03-02T16:30Z is Monday 00:30 in Shanghai but still Sunday in UTC.
    expect(localTime(new Date('2025-03-02T16:30:00Z'), 'Asia/Shanghai')).toEqual({ date: '2025-03-03', weekday: 1, minute: 30 });
    expect(localTime(new Date('2025-03-02T16:30:00Z'), 'UTC')).toEqual({ date: '2025-03-02', weekday: 0, minute: 990 });
  });
});

describe('closedReason', () => {
  it.each([
    ['Monday 09:00 (opening)', '2025-03-03T09:00:00', null],
    ['Monday 20:59', '2025-03-03T20:59:00', null],
    ['Monday 21:00 (closing)', '2025-03-03T21:00:00', 'afterHours'],
    ['Monday 08:59', '2025-03-03T08:59:00', 'afterHours'],
    ['Saturday noon', '2025-03-08T12:00:00', 'afterHours'],
  ] as const)('when it is %s in Shanghai on weekday hours, then the queues are %s', (_, local, reason) => {
    expect(closedReason(shanghai(local), conditions())).toBe(reason);
  });

  it('when the weekend has its own hours, then a Saturday inside them is open and outside them is closed', () => {
    const c = conditions({ hours: parseBusinessHours(MON_FRI_AND_WEEKEND) });

    expect(closedReason(shanghai('2025-03-08T10:00:00'), c)).toBeNull();
    expect(closedReason(shanghai('2025-03-08T18:00:00'), c)).toBe('afterHours');
  });

  it('when the hotline runs on Shanghai time, then 10:00 Shanghai is open though it is 02:00 UTC', () => {
    const now = new Date('2025-03-03T02:00:00Z');

    expect(closedReason(now, conditions({ timeZone: 'Asia/Shanghai' }))).toBeNull();
    expect(closedReason(now, conditions({ timeZone: 'UTC' }))).toBe('afterHours');
  });

  it('when it is Monday 00:30 in Shanghai and Sunday in UTC, then the Shanghai weekday decides', () => {
    const c = conditions({ hours: parseBusinessHours('Mon 00:00-01:00') });

    expect(closedReason(new Date('2025-03-02T16:30:00Z'), c)).toBeNull();
    expect(closedReason(new Date('2025-03-02T16:30:00Z'), { ...c, timeZone: 'UTC' })).toBe('afterHours');
  });

  it('when today is a holiday, then the queues are closed for the holiday even during business hours', () => {
    expect(closedReason(shanghai('2025-10-01T10:00:00'), conditions({ todayKind: 'holiday' }))).toBe('holiday');
  });

  it('when today is a holiday and the hotline is open round the clock, then it is still a holiday', () => {
    expect(closedReason(shanghai('2025-10-01T10:00:00'), conditions({ hours: { always: true }, todayKind: 'holiday' }))).toBe('holiday');
  });

  it('when a weekend day is a make-up working day (调休), then it keeps ordinary weekday hours', () => {
    // Sunday 28 September 2025 was a make-up working day before the National Day holiday.
    const sunday = conditions({ todayKind: 'workday' });

    expect(closedReason(shanghai('2025-09-28T10:00:00'), sunday)).toBeNull();
    expect(closedReason(shanghai('2025-09-28T21:30:00'), sunday)).toBe('afterHours');
    expect(closedReason(shanghai('2025-09-28T10:00:00'), conditions())).toBe('afterHours');
  });

  it('when a make-up working day falls on a weekend day that has its own hours, then those hours apply', () => {
    const c = conditions({ hours: parseBusinessHours(MON_FRI_AND_WEEKEND), todayKind: 'workday' });

    expect(closedReason(shanghai('2025-09-28T19:00:00'), c)).toBe('afterHours');
  });

  it('when ops declare an emergency closure, then the queues are closed for the emergency, whatever the calendar says', () => {
    expect(closedReason(shanghai('2025-03-03T10:00:00'), conditions({ emergencyClosure: true }))).toBe('emergency');
    expect(closedReason(shanghai('2025-10-01T10:00:00'), conditions({ emergencyClosure: true, todayKind: 'holiday' }))).toBe('emergency');
  });

  it('when the hotline is open round the clock, then any hour of an ordinary day is open', () => {
    expect(closedReason(shanghai('2025-03-09T03:00:00'), conditions({ hours: { always: true } }))).toBeNull();
  });
});

/** Opening hours per weekday (0 = Sunday … 6 = Saturday) as [startMinute, endMinute) ranges, or round the clock. */
export type WeeklyHours = { always: true } | { always: false; days: Array<Array<[number, number]>> };

export type CalendarDayKind = 'holiday' | 'workday';

/** Why the human queues are closed right now (freeze is never closed). */
export type ClosedReason = 'afterHours' | 'holiday' | 'emergency';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function dayIndex(name: string): number {
  const i = DAY_NAMES.indexOf(name.toLowerCase().slice(0, 3));
  if (i < 0 || name.length < 3) throw new Error(`unknown day "${name}" (use Mon, Tue, … Sun)`);
  return i;
}

function minutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a time like 09:00`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) throw new Error(`"${hhmm}" is not a time of day`);
  return h * 60 + min;
}

/**
 * Parses `BUSINESS_HOURS`, e.g. `Mon-Fri 09:00-21:00; Sat-Sun 10:00-18:00` (several ranges a day with commas:
 * `Mon 09:00-12:00,13:00-18:00`), or `always`. Days not mentioned are closed.
 */
export function parseBusinessHours(text: string): WeeklyHours {
  const trimmed = text.trim();
  if (/^(always|24\/7)$/i.test(trimmed)) return { always: true };
  const days: Array<Array<[number, number]>> = [[], [], [], [], [], [], []];
  const rules = trimmed
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean);
  if (rules.length === 0) throw new Error('empty; use e.g. "Mon-Fri 09:00-21:00" or "always"');
  for (const rule of rules) {
    const m = /^([A-Za-z]+)(?:\s*-\s*([A-Za-z]+))?\s+(.+)$/.exec(rule);
    if (!m) throw new Error(`cannot read "${rule}"; use e.g. "Mon-Fri 09:00-21:00"`);
    const first = dayIndex(m[1]!);
    const last = m[2] ? dayIndex(m[2]) : first;
    const ranges = m[3]!.split(',').map((range) => {
      const [from, to] = range.trim().split('-');
      if (!from || !to) throw new Error(`"${range.trim()}" is not a range like 09:00-21:00`);
      const start = minutes(from.trim());
      const end = minutes(to.trim());
      if (end <= start) throw new Error(`"${range.trim()}" ends before it starts`);
      return [start, end] as [number, number];
    });
    for (let d = first; ; d = (d + 1) % 7) {
      days[d]!.push(...ranges);
      if (d === last) break;
    }
  }
  return { always: false, days };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl formatter costs far more than using one, and every webhook asks the time. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date (YYYY-MM-DD), weekday and minute of day of an instant in a time zone. */
export function localTime(now: Date, timeZone: string): { date: string; weekday: number; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: dayIndex(get('weekday')),
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

export interface OpeningConditions {
  hours: WeeklyHours;
  timeZone: string;
  /** What the calendar says about today's local date, if anything (holidays and make-up working days, 调休). */
  todayKind?: CalendarDayKind;
  emergencyClosure: boolean;
}

/**
 * Whether the human queues (all but `freeze`) are open at `now`, and if not, why.
 * A make-up working day (调休) on a weekend keeps the hours of an ordinary weekday.
 */
export function closedReason(now: Date, c: OpeningConditions): ClosedReason | null {
  if (c.emergencyClosure) return 'emergency';
  if (c.todayKind === 'holiday') return 'holiday';
  if (c.hours.always) return null;
  const t = localTime(now, c.timeZone);
  let ranges = c.hours.days[t.weekday] ?? [];
  if (c.todayKind === 'workday' && ranges.length === 0) {
    ranges = c.hours.days.slice(1, 6).find((r) => r.length > 0) ?? [];
  }
  return ranges.some(([start, end]) => t.minute >= start && t.minute < end) ? null : 'afterHours';
}

/** The instant the local day of `now` began in a time zone (for "today" in ops figures). */
export function startOfLocalDay(now: Date, timeZone: string): Date {
  const { minute } = localTime(now, timeZone);
  const seconds = now.getUTCSeconds() + now.getUTCMilliseconds() / 1000;
  return new Date(now.getTime() - minute * 60_000 - seconds * 1000);
}

import { localTime } from '../../domain/business-hours';

function wallParts(at: Date, timeZone: string): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** `2026-11-25 10:03:07` in the hotline's time zone (ops read every time there), or '' for none. */
export function formatInstant(value: string | Date | null | undefined, timeZone: string, withSeconds = true): string {
  if (!value) return '';
  const at = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(at.getTime())) return '';
  const p = wallParts(at, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
}

/** The value of an `<input type="datetime-local">` showing an instant in the hotline's time zone. */
export function toLocalInput(value: string | Date | null | undefined, timeZone: string): string {
  const text = formatInstant(value ?? null, timeZone, false);
  return text ? text.replace(' ', 'T') : '';
}

/** The instant a wall-clock time (`YYYY-MM-DDTHH:mm`) in a time zone stands for, or null when malformed. */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(wall)) return null;
  // Two passes find the offset in force at that wall time, across a DST change too.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = wallParts(new Date(guess), timeZone);
    const shown = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
    guess += wall - shown;
  }
  return new Date(guess);
}

/** The instant a local date (`YYYY-MM-DD`) begins in a time zone, or null when malformed. */
export function startOfLocalDate(date: string, timeZone: string): Date | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? fromLocalInput(`${date}T00:00`, timeZone) : null;
}

/** Today's local date (`YYYY-MM-DD`) in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  return localTime(now, timeZone).date;
}

/** `3 min 20 s`-style durations, short. */
export function formatSeconds(seconds: number | null | undefined, units: { seconds: string; minutes: string }): string {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.round(seconds);
  if (s < 60) return `${s} ${units.seconds}`;
  return `${Math.floor(s / 60)} ${units.minutes} ${s % 60} ${units.seconds}`;
}

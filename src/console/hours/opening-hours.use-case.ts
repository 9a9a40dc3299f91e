import { ConsoleInputError, ConsoleNotFoundError } from '../console-errors';
import type { CalendarEntry, EmergencyClosure, HotlineCalendar } from './hotline-calendar.port';

const MAX_NAME = 100;
const MAX_REASON = 300;

/** Holidays, make-up working days (调休) and the emergency closure; the hotline follows each change at once. */
export class OpeningHours {
  constructor(private readonly deps: { calendar: HotlineCalendar; conditions: { invalidate(): void } }) {}

  upcomingDays(fromDate: string): Promise<CalendarEntry[]> {
    return this.deps.calendar.days(fromDate);
  }

  closure(): Promise<EmergencyClosure> {
    return this.deps.calendar.closure();
  }

  async setDay(actor: string, input: { date: string; kind: string; name: string }): Promise<void> {
    const date = input.date.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new ConsoleInputError('the date must be YYYY-MM-DD');
    if (input.kind !== 'holiday' && input.kind !== 'workday') throw new ConsoleInputError('the kind must be holiday or workday');
    const name = input.name.trim();
    if (name.length > MAX_NAME) throw new ConsoleInputError(`the name has at most ${MAX_NAME} characters`);
    await this.deps.calendar.setDay(
      { date, kind: input.kind, name },
      { actor, action: 'calendar.set', target: `calendar:${date}`, detail: { kind: input.kind, name } },
    );
    this.deps.conditions.invalidate();
  }

  async removeDay(actor: string, date: string): Promise<void> {
    const removed = await this.deps.calendar.removeDay(date, { actor, action: 'calendar.remove', target: `calendar:${date}` });
    if (!removed) throw new ConsoleNotFoundError(`no calendar entry ${date}`);
    this.deps.conditions.invalidate();
  }

  /** Closes (with a reason) or reopens every queue but freeze. */
  async setClosure(actor: string, input: { active: boolean; reason: string }): Promise<void> {
    const reason = input.reason.trim();
    if (input.active && !reason) throw new ConsoleInputError('give a reason for the closure');
    if (reason.length > MAX_REASON) throw new ConsoleInputError(`the reason has at most ${MAX_REASON} characters`);
    await this.deps.calendar.setClosure({ active: input.active, reason }, actor, {
      actor,
      action: input.active ? 'closure.on' : 'closure.off',
      target: 'setting:emergencyClosure',
      detail: { reason },
    });
    this.deps.conditions.invalidate();
  }
}

import type { AuditRecord } from '../audit/audit-trail.port';

export type CalendarKind = 'holiday' | 'workday';

export interface CalendarEntry {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  kind: CalendarKind;
  name: string;
}

export interface EmergencyClosure {
  active: boolean;
  reason: string;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The calendar and the emergency-closure switch the call flow reads; each write lands with its audit entry. */
export interface HotlineCalendar {
  /** Entries from `fromDate` on, soonest first. */
  days(fromDate: string): Promise<CalendarEntry[]>;
  /** Adds or replaces the entry of that date. */
  setDay(entry: CalendarEntry, audit: AuditRecord): Promise<void>;
  removeDay(date: string, audit: AuditRecord): Promise<boolean>;
  closure(): Promise<EmergencyClosure>;
  setClosure(closure: { active: boolean; reason: string }, actor: string, audit: AuditRecord): Promise<void>;
}

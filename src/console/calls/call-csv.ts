import type { CallSummary } from '../../ops/call-log.port';
import { formatInstant } from '../html/console-time';

/**
 * One CSV cell. Spreadsheets run a cell that starts with = + - @ (or a tab/CR) as a formula, so such a cell is
 * prefixed with ' (OWASP's CSV-injection advice); every cell is quoted.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const CALL_CSV_HEADER = [
  'started',
  'callSid',
  'caller',
  'language',
  'branch',
  'outcome',
  'queue',
  'waitSeconds',
  'agentId',
  'agentName',
  'csat',
  'ticket',
  'lastState',
  'twilioStatus',
  'ended',
];

/** One call as a CSV line (the caller's number is masked, as everywhere in the console). */
export function callCsvLine(c: CallSummary, timeZone: string): string {
  return [
    formatInstant(c.startedAt, timeZone),
    c.callSid,
    c.from,
    c.language,
    c.branch,
    c.outcome,
    c.queue,
    c.queueWaitSeconds,
    c.agentId,
    c.agentName,
    c.csatScore,
    c.ticketReference,
    c.state,
    c.status,
    formatInstant(c.endedAt, timeZone),
  ]
    .map(csvCell)
    .join(',');
}

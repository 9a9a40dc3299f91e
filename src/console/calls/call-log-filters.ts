import { z } from 'zod';
import type { CallFilters } from '../../ops/call-log.port';
import { ConsoleInputError } from '../console-errors';
import { startOfLocalDate } from '../html/console-time';

import { BRANCHES, CALL_OUTCOMES as OUTCOMES, QUEUES_BY_PRIORITY as QUEUES } from '../../../flows/call-flow.types';

export { BRANCHES, OUTCOMES, QUEUES };

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const date = z.preprocess(
  blank,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .optional(),
);

const querySchema = z.object({
  from: date,
  to: date,
  branch: z.preprocess(blank, z.enum(BRANCHES).optional()),
  outcome: z.preprocess(blank, z.enum(OUTCOMES).optional()),
  queue: z.preprocess(blank, z.enum(QUEUES).optional()),
  agent: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{3,10}$/, 'an agent ID')
      .optional(),
  ),
  last4: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{1,4}$/, 'up to 4 digits')
      .optional(),
  ),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
});

/** The call-log search as the form and the links carry it. */
export type CallQuery = z.infer<typeof querySchema>;

/** Reads the call-log form; a bad field is a clear 400, never a silent "no filter". */
export function readCallQuery(query: unknown): CallQuery {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success) throw new ConsoleInputError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** The read model's filters for a search: dates are whole local days in the hotline's time zone, `to` included. */
export function toCallFilters(q: CallQuery, timeZone: string, pageSize: number): CallFilters {
  const since = q.from ? startOfLocalDate(q.from, timeZone) : null;
  const dayAfter = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : null;
  const until = dayAfter ? startOfLocalDate(dayAfter, timeZone) : null;
  return {
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(q.branch ? { branch: q.branch } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(q.queue ? { queue: q.queue } : {}),
    ...(q.agent ? { agentId: q.agent } : {}),
    ...(q.last4 ? { callerLast4: q.last4 } : {}),
    page: q.page,
    pageSize,
  };
}

/** The query string of a search (for pagination and the CSV link), without empty fields. */
export function callQueryString(q: CallQuery, overrides: Partial<CallQuery> = {}): string {
  const merged = { ...q, ...overrides };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== null && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

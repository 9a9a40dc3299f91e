import type { CallSnapshot } from '../../flows/call-voice';
import { statePath } from '../../flows/state-path';
import type { CallColumns } from './call-store.port';

const date = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

/** The columns ops filter on, derived from the flow's context so they can never disagree with it. */
export function callColumns(snapshot: CallSnapshot): CallColumns {
  const c = snapshot.context;
  const enqueued = c.enqueuedAt !== null;
  return {
    state: statePath(snapshot.value),
    language: c.language,
    branch: c.branch,
    outcome: c.outcome,
    queueName: enqueued ? c.queue : null,
    enqueuedAt: date(c.enqueuedAt),
    queueLeftAt: date(c.queueLeftAt),
    queueWaitSeconds: c.queueSeconds,
    queueResult: c.queueResult,
    ticketReference: c.ticketReference,
    twilioStatus: c.finalStatus ?? 'in-progress',
    endedAt: date(c.endedAt),
    durationSeconds: c.durationSeconds,
    agentId: c.agentId,
    agentName: c.agentName,
    agentCallSid: c.agentCallSid,
    answeredAt: date(c.answeredAt),
    csatScore: c.csatScore,
  };
}

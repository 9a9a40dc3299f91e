import { maskPhoneNumber } from '../domain/caller-id';
import type { HotlinePrisma } from '../persistence/prisma-client';

export interface RetentionReport {
  cutoff: string;
  callsAnonymised: number;
  ticketsAnonymised: number;
  openTicketsKept: number;
  outboxMessagesDeleted: number;
  loginAttemptsDeleted: number;
}

const BATCH = 500;

/**
 * Anonymises call logs older than `days`: the caller's number is masked, the keys they pressed and the flow
 * snapshot (which holds what they entered) are dropped; outcomes, states and timings stay for statistics.
 * Closed tickets of that age lose their phone numbers; open ones are kept (someone still has to call back).
 * Safe to run again (cron): what is done is skipped.
 */
export async function applyRetention(prisma: HotlinePrisma, now: Date, days: number): Promise<RetentionReport> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  let callsAnonymised = 0;
  for (;;) {
    const calls = await prisma.call.findMany({
      where: { startedAt: { lt: cutoff }, anonymisedAt: null, endedAt: { not: null } },
      select: { callSid: true, fromNumber: true },
      take: BATCH,
    });
    if (calls.length === 0) break;
    await prisma.$transaction([
      ...calls.map((c) =>
        prisma.call.update({ where: { callSid: c.callSid }, data: { fromNumber: maskPhoneNumber(c.fromNumber), snapshot: '{}', anonymisedAt: now } }),
      ),
      prisma.callEvent.updateMany({ where: { callSid: { in: calls.map((c) => c.callSid) } }, data: { digits: null } }),
    ]);
    callsAnonymised += calls.length;
  }

  let ticketsAnonymised = 0;
  for (;;) {
    const tickets = await prisma.ticket.findMany({
      where: { createdAt: { lt: cutoff }, status: { not: 'open' }, NOT: { callerNumber: { contains: '*' } } },
      take: BATCH,
    });
    if (tickets.length === 0) break;
    await prisma.$transaction(
      tickets.map((t) =>
        prisma.ticket.update({
          where: { reference: t.reference },
          data: {
            callerNumber: maskPhoneNumber(t.callerNumber) || '****',
            callbackNumber: t.callbackNumber ? maskPhoneNumber(t.callbackNumber) : null,
            mobileNumber: t.mobileNumber ? maskPhoneNumber(t.mobileNumber) : null,
          },
        }),
      ),
    );
    ticketsAnonymised += tickets.length;
  }
  const openTicketsKept = await prisma.ticket.count({ where: { createdAt: { lt: cutoff }, status: 'open' } });
  const outbox = await prisma.riskOutbox.deleteMany({ where: { createdAt: { lt: cutoff }, deliveredAt: { not: null } } });
  const attempts = await prisma.agentLoginAttempt.deleteMany({ where: { at: { lt: cutoff } } });
  return {
    cutoff: cutoff.toISOString(),
    callsAnonymised,
    ticketsAnonymised,
    openTicketsKept,
    outboxMessagesDeleted: outbox.count,
    loginAttemptsDeleted: attempts.count,
  };
}

import type { HotlinePrisma } from '../../src/persistence/prisma-client';
import type { StoredCallLog } from './call-ledger';

/** Every caller's call row and call log, by CallSid, for the ledger check. */
export async function readStoredCallLogs(prisma: HotlinePrisma): Promise<Map<string, StoredCallLog>> {
  const calls = await prisma.call.findMany({
    where: { role: 'caller' },
    select: {
      callSid: true,
      state: true,
      twilioStatus: true,
      events: { select: { step: true, kind: true, digits: true, meaning: true }, orderBy: { step: 'asc' } },
    },
  });
  return new Map(calls.map((c) => [c.callSid, c]));
}

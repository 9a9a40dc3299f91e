import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { CallLog } from '../ops/call-log.port';
import type { RiskOutboxStore } from '../risk/risk-outbox.port';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer $OPS_API_TOKEN`, compared in constant time; 401 otherwise. */
function requireBearer(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const header = req.header('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
      return;
    }
    next();
  };
}

const page = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};
const word = z.string().regex(/^[A-Za-z-]{1,32}$/, 'letters only');
const instant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date or time')
  .transform((s) => new Date(s));

const callQuery = z.object({ branch: word.optional(), outcome: word.optional(), since: instant.optional(), until: instant.optional(), ...page });
const ticketQuery = z.object({ status: word.optional(), category: word.optional(), ...page });

/** The JSON API for ops tools: reads, plus retrying a freeze request the risk system never acknowledged. */
export function opsApiRoutes(callLog: CallLog, token: string, clock: { now(): Date; timeZone: string }, riskOutbox: RiskOutboxStore): Router {
  const router = Router();
  router.use(requireBearer(token));

  router.get('/calls', async (req, res) => {
    const q = callQuery.safeParse(req.query);
    if (!q.success) return void res.status(400).json({ error: 'invalid query', issues: q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    res.json(await callLog.listCalls(q.data));
  });
  router.get('/calls/:callSid', async (req, res) => {
    const call = await callLog.getCall(String(req.params.callSid));
    if (!call) return void res.status(404).json({ error: 'no such call' });
    res.json(call);
  });
  router.get('/tickets', async (req, res) => {
    const q = ticketQuery.safeParse(req.query);
    if (!q.success) return void res.status(400).json({ error: 'invalid query', issues: q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    res.json(await callLog.listTickets(q.data));
  });
  router.get('/agents', async (_req, res) => {
    res.json({ items: await callLog.listAgents(clock.now(), clock.timeZone) });
  });
  // Freeze requests on their way to the risk system; those given up on can be sent again.
  router.get('/risk-outbox', async (req, res) => {
    const state = req.query.state === 'delivered' || req.query.state === 'pending' ? req.query.state : 'failed';
    const [items, backlog] = await Promise.all([riskOutbox.list(state, 100), riskOutbox.backlog()]);
    res.json({
      state,
      backlog,
      items: items.map((m) => ({
        id: m.id,
        reference: m.idempotencyKey,
        attempts: m.attempts,
        createdAt: m.createdAt.toISOString(),
        nextAttemptAt: m.nextAttemptAt.toISOString(),
        lastError: m.lastError,
        deliveredAt: m.deliveredAt?.toISOString() ?? null,
        gaveUpAt: m.gaveUpAt?.toISOString() ?? null,
      })),
    });
  });
  router.post('/risk-outbox/:id/retry', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || !(await riskOutbox.retry(id, clock.now()))) return void res.status(404).json({ error: 'no failed delivery with that id' });
    res.json({ retried: id });
  });
  router.get('/tickets/:reference', async (req, res) => {
    const ticket = await callLog.getTicket(String(req.params.reference));
    if (!ticket) return void res.status(404).json({ error: 'no such ticket' });
    res.json(ticket);
  });
  return router;
}

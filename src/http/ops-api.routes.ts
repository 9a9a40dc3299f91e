import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { CallLog } from '../ops/call-log.port';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer $OPS_API_TOKEN`, compared in constant time; 401 otherwise. */
export function requireBearer(token: string): RequestHandler {
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
const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date or time').transform((s) => new Date(s));

const callQuery = z.object({ branch: word.optional(), outcome: word.optional(), since: instant.optional(), until: instant.optional(), ...page });
const ticketQuery = z.object({ status: word.optional(), category: word.optional(), ...page });

/** The read-only JSON API for ops tools. */
export function opsApiRoutes(callLog: CallLog, token: string, clock: { now(): Date; timeZone: string }): Router {
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
  router.get('/tickets/:reference', async (req, res) => {
    const ticket = await callLog.getTicket(String(req.params.reference));
    if (!ticket) return void res.status(404).json({ error: 'no such ticket' });
    res.json(ticket);
  });
  return router;
}

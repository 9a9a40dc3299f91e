import { Router } from 'express';

export interface HealthDeps {
  /** False while the instance drains before shutting down. */
  isAccepting(): boolean;
  /** Whether the database answers, within a short budget. */
  databaseUp(): Promise<boolean>;
}

/**
 * `/healthz`: the process is alive. `/readyz`: this instance can take webhooks. A database outage does not
 * make it unready (every instance would be pulled and callers would lose even the apology); it is reported.
 */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ready = deps.isAccepting();
    const database = (await deps.databaseUp().catch(() => false)) ? 'up' : 'down';
    res.status(ready ? 200 : 503).json({ ready, database });
  });
  return router;
}

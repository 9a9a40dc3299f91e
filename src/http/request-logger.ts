import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logging/logger';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's child logger. */
    log: Logger;
  }
}

/** Gives every request a child logger bound to a request id (and later to its call). */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, _res, next) => {
    req.log = logger.child({ reqId: randomUUID().slice(0, 8) });
    next();
  };
}

import type { Server } from 'node:http';

/**
 * Keep-alive longer than a load balancer's idle timeout (often 60 s), so the balancer (or Twilio) closes an idle
 * connection first: a server that closes it first races the client's next request on it, which then fails with
 * ECONNRESET. Tests' servers use this too.
 */
export function keepConnectionsLikeProduction(server: Server): void {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}

import express from 'express';
import type { AddressInfo } from 'node:net';
import { keepConnectionsLikeProduction } from '../../src/http/keep-alive';

/**
 * The ceiling: a bare Express server that answers every POST with one constant TwiML document of the
 * hotline's usual size (a Gather with two prompts and a Redirect). It reads no body, checks no signature
 * and touches no database, so no webhook can be answered faster on this machine.
 */
const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? 'https://hotline.bench.test';
const TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response>' +
  `<Gather action="${publicBaseUrl}/twilio/step/1" method="POST" timeout="5" actionOnEmptyResult="true" finishOnKey="#" numDigits="1">` +
  '<Say voice="Polly.Joanna" language="en-US">If your phone was lost or stolen, or you see activity you do not recognise, press 1. If a recharge failed, press 2. To hear about a service outage, press 3.</Say>' +
  '<Say voice="Polly.Joanna" language="en-US">To make a complaint, press 4. To check a ticket, press 5. To speak to an agent, press 0. To hear these options again, press star.</Say>' +
  `</Gather><Redirect method="POST">${publicBaseUrl}/twilio/step/1/silence</Redirect></Response>`;

// A bench that dies without stopping its servers (kill -9) must not leave them running.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.post('/twilio/{*rest}', (_req, res) => {
  res.status(200).type('text/xml').send(TWIML);
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`BENCH_LISTENING ${(server.address() as AddressInfo).port}\n`);
});
// The same keep-alive as the hotline, so the two compare on equal terms.
keepConnectionsLikeProduction(server);
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});

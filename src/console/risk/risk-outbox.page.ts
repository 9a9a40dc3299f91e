import { Router } from 'express';
import { z } from 'zod';
import type { OutboxState } from '../../risk/risk-outbox.port';
import { ConsoleInputError } from '../console-errors';
import { html, type SafeHtml } from '../html/html-template';
import { formatInstant } from '../html/console-time';
import { canChange, csrfField, layout, pageContext, sendPage, type PageContext } from '../html/console-page';
import type { ConsoleServices } from '../console-services.types';
import type { OutboxRow } from './risk-outbox.use-case';

/** Rows per state; the `newest` label says this number. */
const LIMIT = 100;
const STATES: readonly OutboxState[] = ['failed', 'pending', 'delivered'];
const REFERENCE = /^\d{8}$/;
const MAX_ID = 2_147_483_647;

const listQuery = z.object({
  state: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['failed', 'pending', 'delivered']).default('failed')),
});

function messageRow(ctx: PageContext, m: OutboxRow, retryable: boolean): SafeHtml {
  const { t } = ctx;
  const tz = ctx.timeZone;
  const reference =
    m.hasTicket && REFERENCE.test(m.reference)
      ? html`<a class="mono" href="/console/tickets/${m.reference}">${m.reference}</a>`
      : html`<span class="mono">${m.reference}</span>`;
  return html`<tr data-outbox="${m.id}" data-reference="${m.reference}">
<td>${reference}</td>
<td class="num">${m.attempts}</td>
<td data-last-error>${m.lastError ?? html`<span class="muted">${t.common.none}</span>`}</td>
<td>${m.deliveredAt || m.gaveUpAt ? '' : formatInstant(m.nextAttemptAt, tz)}</td>
<td>${formatInstant(m.createdAt, tz)}</td>
<td>${formatInstant(m.deliveredAt, tz)}</td>
<td>${m.gaveUpAt ? html`<span class="badge bad">${formatInstant(m.gaveUpAt, tz)}</span>` : ''}</td>
<td>${
    retryable && m.gaveUpAt && !m.deliveredAt
      ? html`<form method="post" action="/console/risk-outbox/${m.id}/retry" class="inline">${csrfField(ctx)}<button type="submit" data-retry="${m.id}">${t.riskOutbox.retry}</button></form>`
      : ''
  }</td>
</tr>`;
}

/** The risk outbox: freeze requests given up on, pending and delivered, and a retry for those given up on. */
export function riskOutboxPage(s: ConsoleServices): Router {
  const router = Router();

  router.get('/risk-outbox', async (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) throw new ConsoleInputError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { state } = parsed.data;
    const o = await s.riskOutbox.overview(state, LIMIT);
    const count = (v: OutboxState) => (v === 'failed' ? ` (${o.backlog.failed})` : v === 'pending' ? ` (${o.backlog.pending})` : '');
    const flash = req.query.done === '1' ? t.riskOutbox.retried : null;
    const body = html`<h1>${t.riskOutbox.title}</h1>
<p class="muted">${t.riskOutbox.intro}</p>
<div class="kpis">
<div class="kpi${o.backlog.failed ? ' bad' : ''}"><div class="value" data-backlog="failed">${o.backlog.failed}</div><div class="label">${t.riskOutbox.backlogFailed}</div></div>
<div class="kpi${o.backlog.pending ? ' warn' : ''}"><div class="value" data-backlog="pending">${o.backlog.pending}</div><div class="label">${t.riskOutbox.backlogPending}</div></div>
</div>
<nav class="actions" aria-label="states">${STATES.map((v) => html`<a class="button${v === state ? ' primary' : ''}" href="/console/risk-outbox?state=${v}"${v === state ? html` aria-current="page"` : ''}>${t.riskOutbox.states[v]}${count(v)}</a>`)}</nav>
<table class="risk-outbox"><thead><tr><th>${t.riskOutbox.reference}</th><th class="num">${t.riskOutbox.attempts}</th><th>${t.riskOutbox.lastError}</th><th>${t.riskOutbox.nextAttempt}</th><th>${t.riskOutbox.created}</th><th>${t.riskOutbox.delivered}</th><th>${t.riskOutbox.gaveUp}</th><th></th></tr></thead>
<tbody>${o.items.length ? o.items.map((m) => messageRow(ctx, m, canChange(ctx))) : html`<tr><td colspan="8" class="muted">${t.riskOutbox.none}</td></tr>`}</tbody></table>
${o.items.length >= LIMIT ? html`<p class="muted">${t.riskOutbox.newest}</p>` : ''}`;
    sendPage(res, layout(ctx, { title: t.riskOutbox.title, active: 'riskOutbox', body, flash }));
  });

  router.post('/risk-outbox/:id/retry', async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) throw new ConsoleInputError('no such message');
    await s.riskOutbox.retry(req.opsSession!.user.username, id);
    req.log.info({ action: 'riskOutbox.retry', outboxId: id }, 'risk outbox message queued again');
    res.redirect(303, '/console/risk-outbox?state=pending&done=1');
  });
  return router;
}

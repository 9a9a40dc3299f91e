import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { maskPhoneNumber } from '../../domain/caller-id';
import type { TicketDetail, TicketFilters, TicketSummary } from '../../ops/call-log.port';
import { ConsoleInputError } from '../console-errors';
import { html, type SafeHtml } from '../html/html-template';
import { formatInstant } from '../html/console-time';
import { canChange, csrfField, layout, pageContext, sendErrorPage, sendPage, type PageContext } from '../html/console-page';
import { labelOf } from '../i18n/console-labels';
import type { ConsoleServices } from '../console-services.types';
import { TICKET_CATEGORIES } from '../../../flows/call-flow.types';

const PAGE_SIZE = 25;
const DUE_SOON_MS = 2 * 3_600_000;
const VIEWS = ['open', 'dueSoon', 'overdue', 'calledBack', 'resolved', 'all'] as const;
const CATEGORIES = TICKET_CATEGORIES;
const REFERENCE = /^\d{8}$/;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const listQuery = z.object({
  view: z.preprocess(blank, z.enum(VIEWS).default('open')),
  category: z.preprocess(blank, z.enum(CATEGORIES).optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
});
type ListQuery = z.infer<typeof listQuery>;

/** What a ticket view means as read-model filters, at `now`. */
function ticketFilters(q: ListQuery, now: Date): TicketFilters {
  const base = { ...(q.category ? { category: q.category } : {}), page: q.page, pageSize: PAGE_SIZE };
  switch (q.view) {
    case 'open':
      return { ...base, status: 'open', order: 'dueFirst' };
    case 'dueSoon':
      return { ...base, status: 'open', dueFrom: now, dueBefore: new Date(now.getTime() + DUE_SOON_MS), order: 'dueFirst' };
    case 'overdue':
      return { ...base, status: 'open', dueBefore: now, order: 'dueFirst' };
    case 'calledBack':
    case 'resolved':
      return { ...base, status: q.view };
    case 'all':
      return base;
  }
}

const qs = (q: ListQuery, page = q.page) => {
  const p = new URLSearchParams({ view: q.view });
  if (q.category) p.set('category', q.category);
  if (page > 1) p.set('page', String(page));
  return `?${p.toString()}`;
};

function ticketRow(ctx: PageContext, tk: TicketSummary, now: Date): SafeHtml {
  const { t } = ctx;
  const overdue = tk.status === 'open' && Date.parse(tk.dueAt) < now.getTime();
  return html`<tr data-ticket="${tk.reference}"${overdue ? html` class="overdue"` : ''}>
<td><a class="mono" href="/console/tickets/${tk.reference}">${tk.reference}</a>${tk.flagged ? html` <span class="badge bad" title="${tk.flagReason ?? ''}">${t.tickets.flagged}</span>` : ''}</td>
<td>${labelOf(t.categories, tk.category)}</td>
<td class="status-${tk.status}">${labelOf(t.tickets.statuses, tk.status)}</td>
<td>${formatInstant(tk.dueAt, ctx.timeZone, false)}${overdue ? html` <span class="badge bad">${t.tickets.view.overdue}</span>` : ''}</td>
<td>${formatInstant(tk.createdAt, ctx.timeZone, false)}</td>
<td>${tk.assignedAgentId ?? html`<span class="muted">${t.tickets.unassigned}</span>`}</td>
<td class="mono">${maskPhoneNumber(tk.callbackNumber)}</td>
</tr>`;
}

function ticketPage(
  ctx: PageContext,
  tk: TicketDetail,
  notes: Awaited<ReturnType<ConsoleServices['tickets']['notesOf']>>,
  agents: Array<{ agentId: string; name: string; active: boolean }>,
  revealed: string | null,
  flash: string | null,
): SafeHtml {
  const { t } = ctx;
  const tz = ctx.timeZone;
  const change = canChange(ctx);
  const fact = (label: string, value: SafeHtml | string | null) => (value === null || value === '' ? '' : html`<dt>${label}</dt><dd>${value}</dd>`);
  const action = (path: string) => `/console/tickets/${tk.reference}/${path}`;
  const statusButton = (status: string, label: string) =>
    tk.status === status
      ? ''
      : html`<form method="post" action="${action('status')}" class="inline">${csrfField(ctx)}<input type="hidden" name="status" value="${status}"><button type="submit" data-status="${status}">${label}</button></form>`;
  const body = html`<h1>${t.tickets.reference} <span class="mono">${tk.reference}</span> <span class="badge status-${tk.status}" data-ticket-status="${tk.status}">${labelOf(t.tickets.statuses, tk.status)}</span></h1>
<div class="grid">
<section class="card"><dl class="facts">
${fact(t.tickets.category, labelOf(t.categories, tk.category))}
${fact(t.tickets.due, formatInstant(tk.dueAt, tz, false))}
${fact(t.tickets.created, formatInstant(tk.createdAt, tz, false))}
${fact(t.tickets.origin, tk.origin)}
${fact(t.tickets.callerNumber, html`<span class="mono">${tk.callerNumber}</span>`)}
${fact(t.tickets.callbackNumber, html`<span class="mono" data-callback>${revealed ?? maskPhoneNumber(tk.callbackNumber)}</span>${revealed ? html` <span class="muted">${t.tickets.revealedNote}</span>` : ''}`)}
${fact(t.tickets.mobileNumber, tk.mobileNumber)}
${fact(t.tickets.orderNumber, tk.orderNumber)}
${fact(t.tickets.amount, tk.amount)}
${fact(t.tickets.complaint, tk.complaintCategory ? labelOf(t.complaintCategories, tk.complaintCategory) : null)}
${fact(t.tickets.transaction, tk.transactionNumber)}
${fact(t.tickets.flagged, tk.flagged ? (tk.flagReason ?? t.common.yes) : null)}
${fact(t.tickets.assigned, tk.assignedAgentId)}
${fact(t.tickets.calledBackAt, formatInstant(tk.calledBackAt, tz))}
${fact(t.tickets.resolvedAt, formatInstant(tk.resolvedAt, tz))}
${fact(t.tickets.call, tk.callSid ? html`<a class="mono" href="/console/calls/${encodeURIComponent(tk.callSid)}">${tk.callSid}</a>` : null)}
</dl>
${change && tk.callbackNumber && !revealed ? html`<form method="post" action="${action('reveal')}" class="inline">${csrfField(ctx)}<button type="submit" data-reveal>${t.tickets.reveal}</button></form>` : ''}
</section>
<section class="card">
${
  change
    ? html`<h2>${t.common.actions}</h2>
<div class="actions">${statusButton('calledBack', t.tickets.markCalledBack)}${statusButton('resolved', t.tickets.markResolved)}${tk.status !== 'open' ? statusButton('open', t.tickets.reopen) : ''}</div>
<form method="post" action="${action('assign')}" class="actions spaced">${csrfField(ctx)}
<label>${t.tickets.assigned} <select name="agentId"><option value="">${t.tickets.unassigned}</option>${agents.filter((a) => a.active || a.agentId === tk.assignedAgentId).map((a) => html`<option value="${a.agentId}"${a.agentId === tk.assignedAgentId ? html` selected` : ''}>${a.agentId} ${a.name}</option>`)}</select></label>
<button type="submit">${t.tickets.assign}</button></form>`
    : ''
}
<h2>${t.tickets.notes}</h2>
${notes.length ? html`<ol class="timeline">${notes.map((n) => html`<li><span class="when">${formatInstant(n.at, tz)}</span><strong>${n.author}</strong><div class="note-text">${n.text}</div></li>`)}</ol>` : html`<p class="muted">${t.common.none}</p>`}
${change ? html`<form method="post" action="${action('notes')}" class="stacked">${csrfField(ctx)}<label>${t.tickets.note}<textarea name="text" required maxlength="2000"></textarea></label><button type="submit">${t.tickets.addNote}</button></form>` : ''}
</section>
</div>`;
  return layout(ctx, { title: `${t.tickets.reference} ${tk.reference}`, active: 'tickets', body, flash });
}

/** Tickets: the worklist, each ticket's page, and the changes supervisors make to it. */
export function ticketsPage(s: ConsoleServices): Router {
  const router = Router();
  const reference = (req: Request): string => {
    const ref = String(req.params.reference);
    if (!REFERENCE.test(ref)) throw new ConsoleInputError('a ticket reference has 8 digits');
    return ref;
  };

  async function showTicket(req: Request, res: Response, revealed: string | null): Promise<void> {
    const ctx = pageContext(req, s.timeZone);
    const tk = await s.callLog.getTicket(reference(req));
    if (!tk) return sendErrorPage(req, res, s.timeZone, 404, 'notFound');
    const [notes, agents] = await Promise.all([s.tickets.notesOf(tk.reference), s.agents.list()]);
    sendPage(res, ticketPage(ctx, tk, notes, agents, revealed, req.query.done === '1' ? ctx.t.common.done : null));
  }

  router.get('/tickets', async (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) throw new ConsoleInputError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const q = parsed.data;
    const now = s.clock();
    const found = await s.callLog.listTickets(ticketFilters(q, now));
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    const body = html`<h1>${t.tickets.title}</h1>
<nav class="actions" aria-label="views">${VIEWS.map((v) => html`<a class="button${v === q.view ? ' primary' : ''}" href="/console/tickets${qs({ ...q, view: v, page: 1 })}">${t.tickets.view[v]}</a>`)}</nav>
<form method="get" action="/console/tickets" class="filters"><input type="hidden" name="view" value="${q.view}">
<label>${t.tickets.category}<select name="category"><option value="">${t.common.any}</option>${CATEGORIES.map((c) => html`<option value="${c}"${c === q.category ? html` selected` : ''}>${labelOf(t.categories, c)}</option>`)}</select></label>
<button type="submit" class="primary">${t.common.search}</button></form>
<table class="tickets"><thead><tr><th>${t.tickets.reference}</th><th>${t.tickets.category}</th><th>${t.tickets.status}</th><th>${t.tickets.due}</th><th>${t.tickets.created}</th><th>${t.tickets.assigned}</th><th>${t.tickets.callbackNumber}</th></tr></thead>
<tbody>${found.items.length ? found.items.map((tk) => ticketRow(ctx, tk, now)) : html`<tr><td colspan="7" class="muted">${t.tickets.none}</td></tr>`}</tbody></table>
<nav class="pager">${q.page > 1 ? html`<a href="/console/tickets${qs(q, q.page - 1)}" rel="prev">${t.common.previous}</a>` : ''}<span>${t.common.page} ${q.page} / ${pages} · ${found.total} ${t.common.total}</span>${q.page < pages ? html`<a href="/console/tickets${qs(q, q.page + 1)}" rel="next">${t.common.next}</a>` : ''}</nav>`;
    sendPage(res, layout(ctx, { title: t.tickets.title, active: 'tickets', body }));
  });

  router.get('/tickets/:reference', (req, res) => showTicket(req, res, null));

  const actor = (req: Request) => req.opsSession!.user.username;
  const done = (res: Response, ref: string) => res.redirect(303, `/console/tickets/${ref}?done=1`);

  router.post('/tickets/:reference/assign', async (req, res) => {
    const ref = reference(req);
    await s.tickets.assign(actor(req), ref, String(req.body.agentId ?? ''));
    req.log.info({ action: 'ticket.assign' }, 'ticket changed');
    done(res, ref);
  });
  router.post('/tickets/:reference/notes', async (req, res) => {
    const ref = reference(req);
    await s.tickets.addNote(actor(req), ref, String(req.body.text ?? ''));
    req.log.info({ action: 'ticket.note' }, 'ticket changed');
    done(res, ref);
  });
  router.post('/tickets/:reference/status', async (req, res) => {
    const ref = reference(req);
    await s.tickets.setStatus(actor(req), ref, String(req.body.status ?? ''));
    req.log.info({ action: 'ticket.status', status: String(req.body.status ?? '') }, 'ticket changed');
    done(res, ref);
  });
  // The number is shown in this response only (never in a URL), and the reveal is audited before it is read.
  router.post('/tickets/:reference/reveal', async (req, res) => {
    const ref = reference(req);
    const number = await s.tickets.revealCallbackNumber(actor(req), ref);
    req.log.info({ action: 'ticket.revealCallbackNumber' }, 'callback number revealed');
    await showTicket(req, res, number);
  });
  return router;
}

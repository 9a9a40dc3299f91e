import { Router } from 'express';
import type { CallDetail, CallSummary } from '../../ops/call-log.port';
import { callFlowDiagram, callFlowGraph } from '../flow/call-flow-diagram.view';
import { pathThrough } from '../flow/call-flow-graph';
import { html, type SafeHtml } from '../html/html-template';
import { formatInstant, formatSeconds } from '../html/console-time';
import { layout, pageContext, sendErrorPage, sendPage, type PageContext } from '../html/console-page';
import { labelOf } from '../i18n/console-labels';
import type { ConsoleServices } from '../console-services.types';
import { CALL_CSV_HEADER, callCsvLine, csvCell } from './call-csv';
import { BRANCHES, callQueryString, OUTCOMES, QUEUES, readCallQuery, toCallFilters, type CallQuery } from './call-log-filters';
import { callTimeline } from './call-timeline.view';

const PAGE_SIZE = 25;
const CSV_BATCH = 500;
/** A CSV larger than this is cut (and says so in its last line): narrow the search instead. */
const CSV_MAX_ROWS = 100_000;

function options(values: readonly string[], selected: string | undefined, label: (v: string) => string, anyLabel: string): SafeHtml {
  return html`<option value="">${anyLabel}</option>${values.map((v) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${label(v)}</option>`)}`;
}

function searchForm(ctx: PageContext, q: CallQuery, agents: Array<{ agentId: string; name: string }>): SafeHtml {
  const { t } = ctx;
  return html`<form method="get" action="/console/calls" class="filters" role="search">
<label>${t.calls.dateFrom}<input type="date" name="from" value="${q.from ?? ''}"></label>
<label>${t.calls.dateTo}<input type="date" name="to" value="${q.to ?? ''}"></label>
<label>${t.calls.branch}<select name="branch">${options(BRANCHES, q.branch, (v) => labelOf(t.branches, v), t.common.any)}</select></label>
<label>${t.calls.outcome}<select name="outcome">${options(OUTCOMES, q.outcome, (v) => labelOf(t.outcomes, v), t.common.any)}</select></label>
<label>${t.calls.agent}<select name="agent">${options(
    agents.map((a) => a.agentId),
    q.agent,
    (v) => `${v} ${agents.find((a) => a.agentId === v)?.name ?? ''}`,
    t.common.any,
  )}</select></label>
<label>${t.calls.queue}<select name="queue">${options(QUEUES, q.queue, (v) => labelOf(t.queues, v), t.common.any)}</select></label>
<label>${t.calls.last4}<input name="last4" inputmode="numeric" pattern="[0-9]{1,4}" maxlength="4" size="6" value="${q.last4 ?? ''}"></label>
<button type="submit" class="primary">${t.common.search}</button>
<a class="button" href="/console/calls">${t.common.reset}</a>
<a class="button" href="/console/calls.csv${callQueryString(q, { page: 1 })}" data-export>${t.calls.export}</a>
</form>`;
}

function callRow(ctx: PageContext, c: CallSummary): SafeHtml {
  const { t } = ctx;
  const u = { seconds: t.common.seconds, minutes: t.common.minutes };
  return html`<tr data-call="${c.callSid}">
<td><a href="/console/calls/${encodeURIComponent(c.callSid)}">${formatInstant(c.startedAt, ctx.timeZone)}</a></td>
<td class="mono">${c.from}</td><td>${c.language}</td><td>${labelOf(t.branches, c.branch)}</td><td>${labelOf(t.outcomes, c.outcome)}${c.degraded ? html` <span class="badge" data-degraded>${t.calls.degraded}</span>` : ''}</td>
<td>${labelOf(t.queues, c.queue)}</td><td class="num">${formatSeconds(c.queueWaitSeconds, u)}</td>
<td>${c.agentId ? html`<span class="mono">${c.agentId}</span> ${c.agentName}` : ''}</td>
<td class="num">${c.csatScore ?? ''}</td>
<td>${c.ticketReference ? html`<a class="mono" href="/console/tickets/${encodeURIComponent(c.ticketReference)}">${c.ticketReference}</a>` : ''}</td>
</tr>`;
}

function pager(ctx: PageContext, q: CallQuery, total: number, pageSize: number, base: string, qs: (page: number) => string): SafeHtml {
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return html`<nav class="pager" aria-label="pages">
${q.page > 1 ? html`<a href="${base}${qs(q.page - 1)}" rel="prev">${t.common.previous}</a>` : ''}
<span>${t.common.page} ${q.page} / ${pages} · ${total} ${t.common.total}</span>
${q.page < pages ? html`<a href="${base}${qs(q.page + 1)}" rel="next">${t.common.next}</a>` : ''}
</nav>`;
}

function detailFacts(ctx: PageContext, c: CallDetail): SafeHtml {
  const { t } = ctx;
  const tz = ctx.timeZone;
  const u = { seconds: t.common.seconds, minutes: t.common.minutes };
  const row = (label: string, value: SafeHtml | string | number | null) => (value === null || value === '' ? '' : html`<dt>${label}</dt><dd>${value}</dd>`);
  return html`<dl class="facts">
${row(t.calls.started, formatInstant(c.startedAt, tz))}
${row(t.calls.caller, html`<span class="mono" data-caller>${c.from}</span>`)}
${row(t.calls.dialled, html`<span class="mono">${c.to}</span>`)}
${row(t.calls.language, c.language)}
${row(t.calls.branch, labelOf(t.branches, c.branch))}
${row(t.calls.outcome, labelOf(t.outcomes, c.outcome))}
${row(t.calls.degraded, c.degraded ? html`<span data-degraded>${t.calls.degradedNote}</span>` : null)}
${row(t.calls.queue, c.queue ? labelOf(t.queues, c.queue) : null)}
${row(t.calls.wait, formatSeconds(c.queueWaitSeconds, u))}
${row(t.calls.answered, c.answeredAt ? `${formatInstant(c.answeredAt, tz)} · ${c.agentId ?? ''} ${c.agentName ?? ''}` : null)}
${row(t.calls.transfers, c.transfers.length ? c.transfers.map((x) => `${x.fromAgentId} ${x.fromAgentName} → ${x.reason ?? ''}`).join('; ') : null)}
${row(t.calls.csat, c.csatScore === null ? null : `${c.csatScore} / 5`)}
${row(t.calls.ticket, c.ticket ? html`<a class="mono" href="/console/tickets/${encodeURIComponent(c.ticket.reference)}">${c.ticket.reference}</a> · ${labelOf(t.categories, c.ticket.category)} · ${labelOf(t.tickets.statuses, c.ticket.status)}` : null)}
${row(t.calls.duration, formatSeconds(c.durationSeconds, u))}
${row(t.calls.status, c.status)}
${row(t.calls.state, html`<span class="mono">${c.state}</span>`)}
</dl>`;
}

/** The call log: search, pages, CSV export, and each call's timeline on the call-flow diagram. */
export function callsPage(s: ConsoleServices): Router {
  const router = Router();

  router.get('/calls', async (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const q = readCallQuery(req.query);
    const [found, agents] = await Promise.all([s.callLog.listCalls(toCallFilters(q, s.timeZone, PAGE_SIZE)), s.agents.list()]);
    const body = html`<h1>${t.calls.title}</h1>
${searchForm(ctx, q, agents)}
<table class="calls"><thead><tr><th>${t.calls.started}</th><th>${t.calls.caller}</th><th>${t.calls.language}</th><th>${t.calls.branch}</th><th>${t.calls.outcome}</th><th>${t.calls.queue}</th><th class="num">${t.calls.wait}</th><th>${t.calls.agent}</th><th class="num">${t.calls.csat}</th><th>${t.calls.ticket}</th></tr></thead>
<tbody>${found.items.length ? found.items.map((c) => callRow(ctx, c)) : html`<tr><td colspan="10" class="muted">${t.calls.none}</td></tr>`}</tbody></table>
${pager(ctx, q, found.total, PAGE_SIZE, '/console/calls', (page) => callQueryString(q, { page }))}`;
    sendPage(res, layout(ctx, { title: t.calls.title, active: 'calls', body }));
  });

  router.get('/calls.csv', async (req, res) => {
    const q = readCallQuery(req.query);
    res.set({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="calls-${new Date().toISOString().slice(0, 10)}.csv"` });
    // The byte-order mark makes spreadsheet programs read the UTF-8 (Chinese names) correctly.
    res.write(`\uFEFF${CALL_CSV_HEADER.map(csvCell).join(',')}\r\n`);
    let written = 0;
    for (let page = 1; written < CSV_MAX_ROWS; page++) {
      const batch = await s.callLog.listCalls(toCallFilters({ ...q, page }, s.timeZone, CSV_BATCH));
      for (const c of batch.items) res.write(`${callCsvLine(c, s.timeZone)}\r\n`);
      written += batch.items.length;
      if (batch.items.length < CSV_BATCH) break;
    }
    if (written >= CSV_MAX_ROWS) res.write(`${csvCell(`cut at ${CSV_MAX_ROWS} rows: narrow the search`)}\r\n`);
    req.log.info({ rows: written }, 'call log exported');
    res.end();
  });

  router.get('/calls/:callSid', async (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const call = await s.callLog.getCall(String(req.params.callSid));
    if (!call) return sendErrorPage(req, res, s.timeZone, 404, 'notFound');
    const graph = callFlowGraph();
    const path = pathThrough(
      graph,
      call.steps.map((st) => ({ from: st.fromState, to: st.toState, kind: st.kind })),
    );
    const steps = new Map<string, number[]>();
    for (const st of call.steps) steps.set(st.toState, [...(steps.get(st.toState) ?? []), st.step]);
    const body = html`<h1>${t.calls.detailTitle} <span class="mono">${call.callSid}</span></h1>
<div class="grid">
<section class="card">${detailFacts(ctx, call)}</section>
<section class="card"><h2>${t.calls.timeline}</h2>${callTimeline(ctx, call)}</section>
</div>
<h2>${t.calls.path}</h2>
<div class="flow-wrap call-path">${callFlowDiagram({ highlight: { ...path, steps }, anyStateLabel: t.flow.anyState, title: t.calls.path })}</div>
<p class="legend">${t.flow.legend}</p>`;
    sendPage(res, layout(ctx, { title: `${t.calls.detailTitle} ${call.callSid}`, active: 'calls', body }));
  });
  return router;
}

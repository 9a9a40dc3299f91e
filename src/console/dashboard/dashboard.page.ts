import { Router } from 'express';
import { html, type SafeHtml } from '../html/html-template';
import { formatInstant, formatSeconds } from '../html/console-time';
import { layout, pageContext, sendPage, type PageContext } from '../html/console-page';
import { labelOf } from '../i18n/console-labels';
import type { ConsoleServices } from '../console-services.types';
import type { DashboardFigures } from './dashboard-figures.query';

/** How often the page asks for fresh figures. */
const DASHBOARD_REFRESH_SECONDS = 5;

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

function kpis(ctx: PageContext, f: DashboardFigures): SafeHtml {
  const { t } = ctx;
  const u = { seconds: t.common.seconds, minutes: t.common.minutes };
  const kpi = (id: string, label: string, value: string, tone = '') =>
    html`<div class="kpi ${tone}"><div class="value" data-kpi="${id}">${value}</div><div class="label">${label}</div></div>`;
  return html`<div class="kpis">
${kpi('waiting', t.dashboard.waiting, String(f.waiting.reduce((n, q) => n + q.callers, 0)), f.waiting.length ? 'warn' : '')}
${kpi('calls', t.dashboard.callsToday, String(f.today.calls))}
${kpi('abandonment', t.dashboard.abandonment, percent(f.today.abandonmentRate), (f.today.abandonmentRate ?? 0) > 0.1 ? 'bad' : '')}
${kpi('averageWait', t.dashboard.averageWait, formatSeconds(f.today.averageWaitSeconds, u) || '—')}
${kpi('p90Wait', t.dashboard.p90Wait, formatSeconds(f.today.p90WaitSeconds, u) || '—')}
${kpi('averageCsat', t.dashboard.averageCsat, f.today.averageCsat === null ? '—' : `${f.today.averageCsat} / 5`)}
${kpi('dueSoon', t.dashboard.dueSoon, String(f.tickets.dueSoon), f.tickets.dueSoon ? 'warn' : '')}
${kpi('overdue', t.dashboard.overdue, String(f.tickets.overdue), f.tickets.overdue ? 'bad' : '')}
${kpi('riskPending', t.dashboard.riskPending, String(f.riskOutbox.pending), f.riskOutbox.pending ? 'warn' : '')}
${kpi('riskFailed', t.dashboard.riskFailed, String(f.riskOutbox.failed), f.riskOutbox.failed ? 'bad' : '')}
</div>`;
}

function waitingRows(ctx: PageContext, f: DashboardFigures): SafeHtml {
  const { t } = ctx;
  const u = { seconds: t.common.seconds, minutes: t.common.minutes };
  if (f.waiting.length === 0) return html`<tr><td colspan="3" class="muted">${t.dashboard.nobodyWaiting}</td></tr>`;
  return html`${f.waiting.map((q) => html`<tr><td>${labelOf(t.queues, q.queue)}</td><td class="num">${q.callers}</td><td class="num">${formatSeconds(q.longestWaitSeconds, u)}</td></tr>`)}`;
}

function agentRows(ctx: PageContext, f: DashboardFigures): SafeHtml {
  const { t } = ctx;
  return html`${f.agents
    .filter((a) => a.active)
    .map(
      (a) =>
        html`<tr><td class="mono">${a.agentId}</td><td>${a.name}</td><td class="agent-${a.status}">${labelOf(t.agents.statuses, a.status)}</td><td class="num">${a.callsHandledToday}</td><td>${a.currentCall ? html`<a href="/console/calls/${encodeURIComponent(a.currentCall)}">${t.common.view}</a>` : ''}</td></tr>`,
    )}`;
}

/** The live dashboard and the JSON it refreshes itself from. */
export function dashboardPage(s: ConsoleServices): Router {
  const router = Router();

  router.get('/dashboard', async (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const f = await s.figures.read(s.clock());
    // The script renders labels from this dictionary; it is data in an attribute, escaped like any other value.
    const labels = JSON.stringify({
      queues: t.queues,
      branches: { ...t.branches, none: t.common.none },
      outcomes: { ...t.outcomes, inProgress: '…', unknown: '?' },
      agentStatuses: t.agents.statuses,
      nobodyWaiting: t.dashboard.nobodyWaiting,
      view: t.common.view,
      seconds: t.common.seconds,
      minutes: t.common.minutes,
      count: t.dashboard.count,
      callers: t.dashboard.callers,
    });
    const body = html`<section id="dashboard" data-source="/console/dashboard/figures.json" data-refresh-seconds="${DASHBOARD_REFRESH_SECONDS}" data-labels="${labels}" data-initial="${JSON.stringify(f)}">
<h1>${t.dashboard.title} <small class="muted">${t.dashboard.refreshed} <span data-refreshed>${formatInstant(f.at, s.timeZone)}</span></small></h1>
<div data-kpis>${kpis(ctx, f)}</div>
<div class="grid">
  <div class="card"><h2>${t.dashboard.waiting}</h2>
    <table><thead><tr><th>${t.dashboard.queue}</th><th class="num">${t.dashboard.callers}</th><th class="num">${t.dashboard.longestWait}</th></tr></thead><tbody data-waiting>${waitingRows(ctx, f)}</tbody></table>
    <div class="chart-box"><canvas id="chart-waiting" aria-label="${t.dashboard.waiting}"></canvas></div></div>
  <div class="card"><h2>${t.dashboard.byBranch}</h2><div class="chart-box"><canvas id="chart-branches" aria-label="${t.dashboard.byBranch}"></canvas></div></div>
  <div class="card"><h2>${t.dashboard.byOutcome}</h2><div class="chart-box"><canvas id="chart-outcomes" aria-label="${t.dashboard.byOutcome}"></canvas></div></div>
</div>
<h2>${t.dashboard.agents}</h2>
<table><thead><tr><th>${t.agents.id}</th><th>${t.agents.name}</th><th>${t.dashboard.status}</th><th class="num">${t.agents.handledToday}</th><th>${t.dashboard.currentCall}</th></tr></thead><tbody data-agents>${agentRows(ctx, f)}</tbody></table>
</section>`;
    sendPage(
      res,
      layout(ctx, { title: t.dashboard.title, active: 'dashboard', body, scripts: ['/console/vendor/chart.umd.min.js', '/console/assets/dashboard.js'] }),
    );
  });

  router.get('/dashboard/figures.json', async (_req, res) => {
    res.json(await s.figures.read(s.clock()));
  });
  return router;
}

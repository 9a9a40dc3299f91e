import { Router } from 'express';
import { html } from '../html/html-template';
import { formatInstant } from '../html/console-time';
import { layout, pageContext, sendPage } from '../html/console-page';
import type { ConsoleServices } from '../console-services.types';

const PAGE_SIZE = 50;

/** The audit log, newest first. */
export function auditPage(s: ConsoleServices): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const page = Math.max(1, Math.min(100_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const { items, total } = await s.audit.list(page, PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const body = html`<h1>${t.audit.title}</h1>
<table class="audit"><thead><tr><th>${t.common.at}</th><th>${t.audit.actor}</th><th>${t.audit.action}</th><th>${t.audit.target}</th><th>${t.audit.detail}</th></tr></thead>
<tbody>${items.map((e) => html`<tr data-audit="${e.action}"><td>${formatInstant(e.at, s.timeZone)}</td><td>${e.actor}</td><td class="mono">${e.action}</td><td class="mono">${e.target}</td><td class="mono">${e.detail ? JSON.stringify(e.detail) : ''}</td></tr>`)}</tbody></table>
<nav class="pager">${page > 1 ? html`<a href="/console/audit?page=${page - 1}" rel="prev">${t.common.previous}</a>` : ''}<span>${t.common.page} ${page} / ${pages}</span>${page < pages ? html`<a href="/console/audit?page=${page + 1}" rel="next">${t.common.next}</a>` : ''}</nav>`;
    sendPage(res, layout(ctx, { title: t.audit.title, active: 'audit', body }));
  });
  return router;
}

import { Router, type Request } from 'express';
import { QUEUE_PRIORITY } from '../../../flows/agent-flow.types';
import { ConsoleInputError } from '../console-errors';
import { html } from '../html/html-template';
import { formatSeconds } from '../html/console-time';
import { canChange, csrfField, layout, pageContext, sendPage } from '../html/console-page';
import { labelOf } from '../i18n/console-labels';
import type { ConsoleServices } from '../console-services.types';

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** Agents: status and today's figures; supervisors add, deactivate and reset PINs (a new PIN is shown once). */
export function agentsPage(s: ConsoleServices): Router {
  const router = Router();
  const agentId = (req: Request) => {
    const id = String(req.params.agentId);
    if (!/^\d{3,10}$/.test(id)) throw new ConsoleInputError('an agent ID has 3 to 10 digits');
    return id;
  };

  /** The agents page, with a just-issued PIN when there is one (rendered in the POST's own response, never stored). */
  async function render(req: Request, issued: { agentId: string; pin: string } | null) {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const u = { seconds: t.common.seconds, minutes: t.common.minutes };
    const agents = await s.callLog.listAgents(s.clock(), s.timeZone);
    const change = canChange(ctx);
    const body = html`<h1>${t.agents.title}</h1>
${issued ? html`<section class="card pin-card" role="alert"><p>${t.agents.newPin} · <span class="mono">${issued.agentId}</span></p><p class="pin" data-new-pin>${issued.pin}</p><p class="muted">${t.agents.pinOnce}</p></section>` : ''}
<table class="agents"><thead><tr><th>${t.agents.id}</th><th>${t.agents.name}</th><th>${t.agents.language}</th><th>${t.agents.queues}</th><th>${t.agents.status}</th><th class="num">${t.agents.handledToday}</th><th class="num">${t.agents.averageHandle}</th><th class="num">${t.agents.averageCsat}</th><th>${t.agents.active}</th>${change ? html`<th>${t.common.actions}</th>` : ''}</tr></thead>
<tbody>${agents.map(
      (
        a,
      ) => html`<tr data-agent="${a.agentId}"><td class="mono">${a.agentId}</td><td>${a.name}${a.supervisor ? html` <span class="badge">${t.agents.supervisor}</span>` : ''}</td><td>${a.language}</td>
<td>${a.queues.map((q) => labelOf(t.queues, q)).join(', ')}</td><td class="agent-${a.status}">${labelOf(t.agents.statuses, a.status)}</td>
<td class="num">${a.callsHandledToday}</td><td class="num">${formatSeconds(a.averageHandleSeconds, u)}</td><td class="num">${a.averageCsat ?? ''}</td>
<td>${a.active ? t.common.yes : html`<span class="badge bad">${t.common.no}</span>`}</td>
${
  change
    ? html`<td class="actions"><form method="post" action="/console/agents/${a.agentId}/active" class="inline">${csrfField(ctx)}<input type="hidden" name="active" value="${a.active ? 'false' : 'true'}"><button type="submit">${a.active ? t.agents.deactivate : t.agents.activate}</button></form>
<form method="post" action="/console/agents/${a.agentId}/reset-pin" class="inline">${csrfField(ctx)}<button type="submit">${t.agents.resetPin}</button></form></td>`
    : ''
}</tr>`,
    )}</tbody></table>
${
  change
    ? html`<h2>${t.agents.add}</h2>
<form method="post" action="/console/agents" class="filters">${csrfField(ctx)}
<label>${t.agents.id}<input name="agentId" required pattern="[0-9]{3,10}" inputmode="numeric" size="8"></label>
<label>${t.agents.name}<input name="name" required maxlength="60"></label>
<label>${t.agents.language}<select name="language"><option value="zh-CN">zh-CN</option><option value="en-US">en-US</option></select></label>
<fieldset><legend>${t.agents.queues}</legend>${QUEUE_PRIORITY.map((q) => html`<label class="inline-choice"><input type="checkbox" name="queues" value="${q}"> ${labelOf(t.queues, q)}</label>`)}</fieldset>
<label class="inline-choice"><input type="checkbox" name="supervisor" value="yes"> ${t.agents.supervisor}</label>
<button type="submit" class="primary">${t.agents.add}</button></form>`
    : ''
}`;
    return layout(ctx, { title: t.agents.title, active: 'agents', body, flash: req.query.done === '1' ? t.common.done : null });
  }

  router.get('/agents', async (req, res) => sendPage(res, await render(req, null)));

  router.post('/agents', async (req, res) => {
    const b = req.body ?? {};
    const id = String(b.agentId ?? '');
    const pin = await s.agentAdmin.add(req.opsSession!.user.username, {
      agentId: id,
      name: String(b.name ?? ''),
      language: String(b.language ?? 'zh-CN'),
      queues: list(b.queues),
      supervisor: b.supervisor === 'yes',
    });
    req.log.info({ action: 'agent.add', agentId: id }, 'agent added');
    sendPage(res, await render(req, { agentId: id.trim(), pin }));
  });

  router.post('/agents/:agentId/active', async (req, res) => {
    const id = agentId(req);
    await s.agentAdmin.setActive(req.opsSession!.user.username, id, req.body?.active === 'true');
    req.log.info({ action: 'agent.active', agentId: id }, 'agent changed');
    res.redirect(303, '/console/agents?done=1');
  });

  router.post('/agents/:agentId/reset-pin', async (req, res) => {
    const id = agentId(req);
    const pin = await s.agentAdmin.resetPin(req.opsSession!.user.username, id);
    req.log.info({ action: 'agent.resetPin', agentId: id }, 'agent PIN reset');
    sendPage(res, await render(req, { agentId: id, pin }));
  });
  return router;
}

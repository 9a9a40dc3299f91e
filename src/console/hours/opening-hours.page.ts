import { Router } from 'express';
import { html } from '../html/html-template';
import { formatInstant, localDate } from '../html/console-time';
import { canChange, csrfField, layout, pageContext, sendPage } from '../html/console-page';
import { labelOf } from '../i18n/console-labels';
import type { ConsoleServices } from '../console-services.types';

const text = (v: unknown) => (typeof v === 'string' ? v : '');
/** Past entries stay visible this long, so a mistaken one can still be seen and removed. */
const PAST_DAYS_SHOWN = 7;

/** Opening hours: the weekly hours (config), the calendar of holidays and make-up days, and the emergency closure. */
export function openingHoursPage(s: ConsoleServices): Router {
  const router = Router();

  router.get('/hours', async (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const now = s.clock();
    const from = localDate(new Date(now.getTime() - PAST_DAYS_SHOWN * 86_400_000), s.timeZone);
    const [days, closure] = await Promise.all([s.hours.upcomingDays(from), s.hours.closure()]);
    const change = canChange(ctx);
    const body = html`<h1>${t.hours.title}</h1>
<section class="card${closure.active ? ' closure-on' : ''}" data-closure="${closure.active ? 'on' : 'off'}"><h2>${t.hours.closure}</h2>
<p>${closure.active ? html`<strong>${t.hours.closureActive}</strong>` : t.hours.closureInactive}</p>
${closure.reason ? html`<p>${t.hours.reason}: <span data-closure-reason>${closure.reason}</span></p>` : ''}
${closure.updatedAt ? html`<p class="muted">${t.common.updated} ${formatInstant(closure.updatedAt, s.timeZone)} · ${closure.updatedBy ?? ''}</p>` : ''}
${
  change
    ? closure.active
      ? html`<form method="post" action="/console/hours/closure" class="actions">${csrfField(ctx)}<input type="hidden" name="active" value="false"><button type="submit" class="primary">${t.hours.reopen}</button></form>`
      : html`<form method="post" action="/console/hours/closure" class="actions">${csrfField(ctx)}<input type="hidden" name="active" value="true"><label>${t.hours.reason} <input name="reason" required maxlength="300" size="40"></label><button type="submit" class="danger">${t.hours.close}</button></form>`
    : ''
}
</section>
<h2>${t.hours.weekly}</h2>
<p class="mono">${s.businessHoursText} (${s.timeZone})</p>
<h2>${t.hours.calendar}</h2>
<table class="calendar"><thead><tr><th>${t.hours.date}</th><th>${t.hours.kind}</th><th>${t.hours.name}</th>${change ? html`<th></th>` : ''}</tr></thead>
<tbody>${
      days.length
        ? days.map(
            (d) => html`<tr data-date="${d.date}"><td class="mono">${d.date}</td><td>${labelOf(t.hours.kinds, d.kind)}</td><td>${d.name}</td>
${change ? html`<td><form method="post" action="/console/hours/days/${d.date}/remove" class="inline">${csrfField(ctx)}<button type="submit">${t.common.remove}</button></form></td>` : ''}</tr>`,
          )
        : html`<tr><td colspan="4" class="muted">${t.hours.none}</td></tr>`
    }</tbody></table>
${
  change
    ? html`<form method="post" action="/console/hours/days" class="filters">${csrfField(ctx)}
<label>${t.hours.date}<input type="date" name="date" required></label>
<label>${t.hours.kind}<select name="kind"><option value="holiday">${t.hours.kinds.holiday}</option><option value="workday">${t.hours.kinds.workday}</option></select></label>
<label>${t.hours.name}<input name="name" maxlength="100"></label>
<button type="submit" class="primary">${t.common.add}</button></form>`
    : ''
}`;
    sendPage(res, layout(ctx, { title: t.hours.title, active: 'hours', body, flash: req.query.done === '1' ? t.common.done : null }));
  });

  router.post('/hours/days', async (req, res) => {
    await s.hours.setDay(req.opsSession!.user.username, { date: text(req.body?.date), kind: text(req.body?.kind), name: text(req.body?.name) });
    req.log.info({ action: 'calendar.set' }, 'calendar changed');
    res.redirect(303, '/console/hours?done=1');
  });

  router.post('/hours/days/:date/remove', async (req, res) => {
    await s.hours.removeDay(req.opsSession!.user.username, String(req.params.date));
    req.log.info({ action: 'calendar.remove' }, 'calendar changed');
    res.redirect(303, '/console/hours?done=1');
  });

  router.post('/hours/closure', async (req, res) => {
    const active = req.body?.active === 'true';
    await s.hours.setClosure(req.opsSession!.user.username, { active, reason: text(req.body?.reason) });
    req.log.warn({ action: active ? 'closure.on' : 'closure.off' }, 'emergency closure switched');
    res.redirect(303, '/console/hours?done=1');
  });
  return router;
}

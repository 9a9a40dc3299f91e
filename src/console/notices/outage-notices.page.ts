import { Router, type Request } from 'express';
import { ConsoleInputError } from '../console-errors';
import { html, type SafeHtml } from '../html/html-template';
import { formatInstant, fromLocalInput, toLocalInput } from '../html/console-time';
import { canChange, csrfField, layout, pageContext, sendPage, type PageContext } from '../html/console-page';
import { labelOf } from '../i18n/console-labels';
import type { ConsoleServices } from '../console-services.types';
import { NOTICE_BRANCHES, type OutageNoticeRecord } from './outage-notice-board.port';
import { noticeState, type NoticeForm } from './outage-notices.use-case';

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** The notice form's fields; times are wall-clock times in the hotline's time zone. */
function readForm(req: Request, timeZone: string): NoticeForm {
  const b = req.body ?? {};
  const time = (name: string, label: string): Date | null => {
    const v = text(b[name]).trim();
    if (!v) return null;
    const at = fromLocalInput(v, timeZone);
    if (!at) throw new ConsoleInputError(`${label}: a date and time`);
    return at;
  };
  return {
    messageZh: text(b.messageZh),
    messageEn: text(b.messageEn),
    shortZh: text(b.shortZh),
    shortEn: text(b.shortEn),
    scope: text(b.scope) === 'all' ? 'all' : 'branches',
    branches: list(b.branches),
    expectedRecoveryAt: time('expectedRecoveryAt', 'expected recovery'),
    startsAt: time('startsAt', 'start'),
    endsAt: time('endsAt', 'end'),
  };
}

function noticeForm(ctx: PageContext, action: string, n: OutageNoticeRecord | null): SafeHtml {
  const { t } = ctx;
  const tz = ctx.timeZone;
  const all = !n || n.branches === 'all';
  return html`<form method="post" action="${action}" class="stacked notice-form">${csrfField(ctx)}
<label>${t.notices.messageZh}<textarea name="messageZh" required maxlength="500">${n?.messageZh ?? ''}</textarea></label>
<label>${t.notices.messageEn}<textarea name="messageEn" required maxlength="500">${n?.messageEn ?? ''}</textarea></label>
<label>${t.notices.shortZh}<input name="shortZh" required maxlength="200" value="${n?.shortZh ?? ''}"></label>
<label>${t.notices.shortEn}<input name="shortEn" required maxlength="200" value="${n?.shortEn ?? ''}"></label>
<fieldset><legend>${t.notices.branches}</legend>
<label class="inline-choice"><input type="radio" name="scope" value="all"${all ? html` checked` : ''}> ${t.notices.allBranches}</label>
<label class="inline-choice"><input type="radio" name="scope" value="branches"${all ? '' : html` checked`}> ${t.calls.branch}:</label>
${NOTICE_BRANCHES.map((b) => html`<label class="inline-choice"><input type="checkbox" name="branches" value="${b}"${n && n.branches !== 'all' && n.branches.includes(b) ? html` checked` : ''}> ${labelOf(t.branches, b)}</label>`)}
</fieldset>
<label>${t.notices.expectedRecovery}<input type="datetime-local" name="expectedRecoveryAt" value="${toLocalInput(n?.expectedRecoveryAt, tz)}"></label>
<label>${t.notices.startsAt}<input type="datetime-local" name="startsAt" value="${toLocalInput(n?.startsAt, tz)}"></label>
<label>${t.notices.endsAt}<input type="datetime-local" name="endsAt" value="${toLocalInput(n?.endsAt, tz)}"></label>
<p class="muted">${t.notices.timesIn} ${tz}</p>
<button type="submit" class="primary">${t.common.save}</button>
</form>`;
}

/** Outage notices: list, create, edit, schedule and end them; callers hear changes at once. */
export function noticesPage(s: ConsoleServices): Router {
  const router = Router();
  const id = (req: Request) => {
    const n = Number(req.params.id);
    if (!Number.isInteger(n) || n < 1) throw new ConsoleInputError('no such notice');
    return n;
  };

  router.get('/notices', async (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const now = s.clock();
    const notices = await s.notices.list();
    const change = canChange(ctx);
    const body = html`<h1>${t.notices.title}</h1>
${change ? html`<p><a class="button primary" href="/console/notices/new">${t.notices.newNotice}</a></p>` : ''}
<table class="notices"><thead><tr><th>${t.notices.state}</th><th>${t.notices.messageZh}</th><th>${t.notices.messageEn}</th><th>${t.notices.branches}</th><th>${t.notices.expectedRecovery}</th><th>${t.notices.startsAt}</th><th>${t.notices.endsAt}</th><th></th></tr></thead>
<tbody>${
      notices.length
        ? notices.map((n) => {
            const state = noticeState(n, now);
            return html`<tr data-notice="${n.id}"><td><span class="badge ${state === 'active' ? 'warn' : state === 'scheduled' ? 'ok' : ''}">${labelOf(t.notices.states, state)}</span></td>
<td>${n.messageZh}<div class="muted">${n.shortZh}</div></td><td>${n.messageEn}<div class="muted">${n.shortEn}</div></td>
<td>${n.branches === 'all' ? t.notices.allBranches : n.branches.map((b) => labelOf(t.branches, b)).join(', ')}</td>
<td>${formatInstant(n.expectedRecoveryAt, s.timeZone, false)}</td><td>${formatInstant(n.startsAt, s.timeZone, false)}</td><td>${formatInstant(n.endsAt, s.timeZone, false)}</td>
<td class="actions">${change ? html`<a href="/console/notices/${n.id}/edit">${t.notices.edit}</a>${state !== 'expired' ? html`<form method="post" action="/console/notices/${n.id}/end" class="inline">${csrfField(ctx)}<button type="submit" class="danger">${t.notices.expireNow}</button></form>` : ''}` : ''}</td></tr>`;
          })
        : html`<tr><td colspan="8" class="muted">${t.notices.none}</td></tr>`
    }</tbody></table>`;
    sendPage(res, layout(ctx, { title: t.notices.title, active: 'notices', body, flash: req.query.done === '1' ? t.notices.saved : null }));
  });

  router.get('/notices/new', (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    sendPage(
      res,
      layout(ctx, {
        title: ctx.t.notices.newNotice,
        active: 'notices',
        body: html`<h1>${ctx.t.notices.newNotice}</h1>${noticeForm(ctx, '/console/notices', null)}`,
      }),
    );
  });

  router.get('/notices/:id/edit', async (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const n = await s.notices.find(id(req));
    sendPage(
      res,
      layout(ctx, {
        title: ctx.t.notices.edit,
        active: 'notices',
        body: html`<h1>${ctx.t.notices.edit} #${n.id}</h1>${noticeForm(ctx, `/console/notices/${n.id}`, n)}`,
      }),
    );
  });

  router.post('/notices', async (req, res) => {
    const created = await s.notices.create(req.opsSession!.user.username, readForm(req, s.timeZone));
    req.log.info({ action: 'notice.create', notice: created }, 'outage notice created');
    res.redirect(303, '/console/notices?done=1');
  });

  router.post('/notices/:id', async (req, res) => {
    const notice = id(req);
    await s.notices.update(req.opsSession!.user.username, notice, readForm(req, s.timeZone));
    req.log.info({ action: 'notice.update', notice }, 'outage notice changed');
    res.redirect(303, '/console/notices?done=1');
  });

  router.post('/notices/:id/end', async (req, res) => {
    const notice = id(req);
    await s.notices.end(req.opsSession!.user.username, notice);
    req.log.info({ action: 'notice.end', notice }, 'outage notice ended');
    res.redirect(303, '/console/notices?done=1');
  });
  return router;
}

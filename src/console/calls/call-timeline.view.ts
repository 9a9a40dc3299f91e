import type { CallDetail } from '../../ops/call-log.port';
import { callFlowGraph } from '../flow/call-flow-diagram.view';
import { html, type SafeHtml } from '../html/html-template';
import { formatInstant, formatSeconds } from '../html/console-time';
import type { PageContext } from '../html/console-page';
import { labelOf } from '../i18n/console-labels';

interface TimelineItem {
  at: string;
  order: number;
  kind: 'step' | 'queue' | 'agent' | 'ended';
  body: SafeHtml;
}

/** What a caller hears in a state, as the flow describes it (a state without its own description: its parent's). */
function stateDescriptions(): Map<string, string> {
  const graph = callFlowGraph();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out = new Map<string, string>();
  for (const n of graph.nodes) {
    let d = n.description;
    let p = n.parent;
    while (!d && p) {
      d = byId.get(p)?.description ?? null;
      p = byId.get(p)?.parent ?? null;
    }
    if (d) out.set(n.id, d);
  }
  return out;
}

function detailText(detail: Record<string, unknown> | null): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

/** Every step of a call in time order: states and what was heard there, keys and their meaning, queue, agents, the end. */
export function callTimeline(ctx: PageContext, call: CallDetail): SafeHtml {
  const { t } = ctx;
  const tz = ctx.timeZone;
  const heard = stateDescriptions();
  const items: TimelineItem[] = [];
  let order = 0;
  for (const s of call.steps) {
    const description = heard.get(s.toState);
    items.push({
      at: s.at,
      order: order++,
      kind: s.kind === 'ended' ? 'ended' : s.kind === 'queue' ? 'queue' : 'step',
      body: html`<span class="badge">${t.calls.step} ${s.step}</span> <strong class="mono">${s.kind}</strong>
${
  s.input
    ? html` · ${t.calls.pressed}: <code data-keys>${s.input.keys === null ? '—' : s.input.keys === '' ? '(#)' : s.input.keys}</code>${s.input.purpose ? html` · ${t.calls.for}: <span class="mono">${s.input.purpose}</span>` : ''}${s.input.meaning ? html` · ${t.calls.meaning}: <strong>${s.input.meaning}</strong>` : ''}`
    : ''
}
${s.detail ? html` <span class="muted mono">${detailText(s.detail)}</span>` : ''}
<div>→ <span class="mono" data-state="${s.toState}">${s.toState}</span></div>
${description ? html`<div class="heard">${t.calls.heard}: ${description}</div>` : ''}`,
    });
  }
  if (call.enqueuedAt) {
    items.push({
      at: call.enqueuedAt,
      order: order++,
      kind: 'queue',
      body: html`<span class="badge warn">${t.calls.queueVisit}</span> <strong>${labelOf(t.queues, call.queue)}</strong> ${t.calls.joined}`,
    });
  }
  if (call.queueLeftAt) {
    const u = { seconds: t.common.seconds, minutes: t.common.minutes };
    items.push({
      at: call.queueLeftAt,
      order: order++,
      kind: 'queue',
      body: html`<span class="badge warn">${t.calls.queueVisit}</span> ${t.calls.left} · ${t.calls.wait} ${formatSeconds(call.queueWaitSeconds, u)}${call.queueResult ? html` · ${t.calls.result} <span class="mono">${call.queueResult}</span>` : ''}`,
    });
  }
  for (const leg of call.agentLegs) {
    const who = html`<strong>${leg.agentId}</strong> ${leg.agentName} (${labelOf(t.queues, leg.queue)})`;
    if (leg.whisperedAt)
      items.push({
        at: leg.whisperedAt,
        order: order++,
        kind: 'agent',
        body: html`<span class="badge ok">${t.calls.agent}</span> ${who} ${t.calls.whispered}`,
      });
    if (leg.connectedAt)
      items.push({
        at: leg.connectedAt,
        order: order++,
        kind: 'agent',
        body: html`<span class="badge ok">${t.calls.agent}</span> ${who} ${t.calls.connected}`,
      });
    if (leg.endedAt) {
      items.push({
        at: leg.endedAt,
        order: order++,
        kind: 'agent',
        body: html`<span class="badge ok">${t.calls.agent}</span> ${who} ${t.calls.ended}${leg.decision ? html` · ${t.calls.decision} <strong>${leg.decision}</strong>` : ''}${leg.transferReason ? html` · ${t.calls.transferReason} ${leg.transferReason}` : ''}`,
      });
    }
  }
  items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order);
  return html`<ol class="timeline">${items.map(
    (i) => html`<li class="kind-${i.kind}"><span class="when">${formatInstant(i.at, tz)}</span>${i.body}</li>`,
  )}</ol>`;
}

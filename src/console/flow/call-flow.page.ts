import { Router } from 'express';
import { html } from '../html/html-template';
import { layout, pageContext, sendPage } from '../html/console-page';
import type { ConsoleServices } from '../console-services.types';
import { callFlowDiagram, callFlowGraph } from './call-flow-diagram.view';

/** The call flow, drawn from the machine: every state, every transition, and what each state says. */
export function flowPage(s: ConsoleServices): Router {
  const router = Router();
  router.get('/flow', (req, res) => {
    const ctx = pageContext(req, s.timeZone);
    const { t } = ctx;
    const graph = callFlowGraph();
    const body = html`<h1>${t.flow.title}</h1>
<p class="muted">${t.flow.intro}</p>
<div class="flow-wrap">${callFlowDiagram({ anyStateLabel: t.flow.anyState, title: t.flow.title })}</div>
<p class="legend">${t.flow.legend}</p>
<table class="states"><thead><tr><th>State</th><th>Description</th></tr></thead><tbody>
${graph.nodes.filter((n) => n.kind !== 'any').map((n) => html`<tr data-state="${n.id}"><td class="mono">${n.id}</td><td>${n.description ?? ''}</td></tr>`)}
</tbody></table>`;
    sendPage(res, layout(ctx, { title: t.flow.title, active: 'flow', body }));
  });
  return router;
}

import dagre from '@dagrejs/dagre';
import { html, type SafeHtml } from '../html/html-template';
import { buildCallFlowGraph, type FlowEdge, type FlowGraph, type FlowNode } from './call-flow-graph';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface LaidOut {
  graph: FlowGraph;
  width: number;
  height: number;
  boxes: Map<string, Box>;
  routes: Map<string, { points: Array<{ x: number; y: number }>; label: { x: number; y: number } | null }>;
  /** Shortcut transitions (0, 9) by source state, written under the state instead of drawn. */
  shortcuts: Map<string, FlowEdge[]>;
}

const CHAR_WIDTH = 7;
const NODE_HEIGHT = 30;
const LABEL_HEIGHT = 16;

/** Silence and garbled input are frequent labels: symbols keep the arrows' labels short (the legend explains). */
const SHORT_LABEL: Record<string, string> = { garbled: '?', silence: '∅', keys: '…' };
const edgeKey = (e: FlowEdge) => `${e.from}→${e.to}`;
const edgeLabel = (e: FlowEdge) => e.labels.map((l) => SHORT_LABEL[l] ?? l).join(' · ');

let cached: LaidOut | null = null;

const SHORTCUT_TARGETS: Record<string, string> = { 'live.mainMenu': 'menu', 'live.routingToAgent': 'agent' };
const SHORTCUT_LABELS = new Set(['0', '9', 'garbled', 'silence', 'keys']);

/**
 * "0 a human" and "9 main menu" work below the main menu in every state: drawn as arrows they would cross the
 * whole diagram a dozen times, so they are written under each state instead (and drawn only when a call took one).
 */
function isShortcut(e: FlowEdge, nodes: Map<string, FlowNode>): boolean {
  return (
    e.to in SHORTCUT_TARGETS &&
    e.from !== 'live.mainMenu' &&
    e.from !== 'live.choosingLanguage' &&
    !nodes.get(e.from)?.transient &&
    nodes.get(e.from)?.kind === 'atomic' &&
    e.labels.every((l) => SHORTCUT_LABELS.has(l))
  );
}

function shortcutText(edges: FlowEdge[]): string {
  return edges.map((e) => `${e.labels.map((l) => SHORT_LABEL[l] ?? l).join(' ')}→${SHORTCUT_TARGETS[e.to]}`).join('  ');
}

/** The graph laid out once per process: the machine does not change while the process runs. */
function laidOut(): LaidOut {
  if (cached) return cached;
  const graph = buildCallFlowGraph();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const shortcuts = new Map<string, FlowEdge[]>();
  for (const e of graph.edges) if (isShortcut(e, byId)) shortcuts.set(e.from, [...(shortcuts.get(e.from) ?? []), e]);
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'TB', ranker: 'network-simplex', nodesep: 14, ranksep: 42, edgesep: 8, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) {
    if (n.kind === 'compound') g.setNode(n.id, { label: n.key, paddingTop: 24 } as never);
    else if (n.kind === 'any') g.setNode(n.id, { width: 120, height: 22 });
    else {
      const sub = shortcuts.has(n.id) ? shortcutText(shortcuts.get(n.id)!).length * 6 : 0;
      g.setNode(n.id, { width: Math.max(70, n.key.length * CHAR_WIDTH + 22, sub + 16), height: shortcuts.has(n.id) ? NODE_HEIGHT + 12 : NODE_HEIGHT });
    }
  }
  for (const n of graph.nodes) if (n.parent) g.setParent(n.id, n.parent);
  for (const e of graph.edges) {
    if (isShortcut(e, byId)) continue;
    const text = edgeLabel(e);
    g.setEdge(e.from, e.to, { width: text.length * 6 + 6, height: LABEL_HEIGHT, labelpos: 'c' });
  }
  dagre.layout(g);
  const boxes = new Map<string, Box>();
  for (const n of graph.nodes) {
    const d = g.node(n.id) as unknown as Box;
    boxes.set(n.id, { x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height });
  }
  const routes: LaidOut['routes'] = new Map();
  for (const e of graph.edges) {
    if (isShortcut(e, byId)) continue;
    const d = g.edge(e.from, e.to) as unknown as { points: Array<{ x: number; y: number }>; x?: number; y?: number };
    routes.set(edgeKey(e), { points: d.points ?? [], label: d.x !== undefined && d.y !== undefined ? { x: d.x, y: d.y } : null });
  }
  const size = g.graph() as { width?: number; height?: number };
  cached = { graph, width: Math.ceil(size.width ?? 800), height: Math.ceil(size.height ?? 600), boxes, routes, shortcuts };
  return cached;
}

/** The flow's states and transitions as a graph (for the page's table and for tests). */
export function callFlowGraph(): FlowGraph {
  return laidOut().graph;
}

/** Which states and transitions to draw as a call's path, and the step numbers at each state. */
export interface PathHighlight {
  nodes: Set<string>;
  edges: Set<string>;
  steps: Map<string, number[]>;
}

function pathD(points: Array<{ x: number; y: number }>): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  if (rest.length === 0) return `M${first!.x},${first!.y}`;
  // A smooth curve through dagre's control points.
  let d = `M${first!.x.toFixed(1)},${first!.y.toFixed(1)}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const c = rest[i]!;
    const n = rest[i + 1]!;
    const mx = (c.x + n.x) / 2;
    const my = (c.y + n.y) / 2;
    d += ` Q${c.x.toFixed(1)},${c.y.toFixed(1)} ${i === rest.length - 2 ? `${n.x.toFixed(1)},${n.y.toFixed(1)}` : `${mx.toFixed(1)},${my.toFixed(1)}`}`;
  }
  return d;
}

/** A taken shortcut (not laid out): a curve from one state's box to the other's. */
function directRoute(from: Box, to: Box): { points: Array<{ x: number; y: number }>; label: null } {
  const a = { x: from.x + from.width / 2, y: from.y };
  const c = { x: to.x + to.width / 2, y: to.y + to.height };
  return { points: [a, { x: (a.x + c.x) / 2 + 40, y: (a.y + c.y) / 2 }, c], label: null };
}

function nodeClass(n: FlowNode, h: PathHighlight | null): string {
  return ['state', `state-${n.kind}`, n.transient ? 'state-transient' : '', n.id === 'ended' ? 'state-final' : '', h?.nodes.has(n.id) ? 'visited' : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * The call-flow diagram as inline SVG, generated from the machine and laid out with dagre. With a highlight it
 * shows one call's path: visited states filled, the transitions it took drawn bold, step numbers beside states.
 */
export function callFlowDiagram(options: { highlight?: PathHighlight | null; anyStateLabel: string; title: string }): SafeHtml {
  const { graph, width, height, boxes, routes, shortcuts } = laidOut();
  const h = options.highlight ?? null;
  const clusters = graph.nodes.filter((n) => n.kind === 'compound');
  const leaves = graph.nodes.filter((n) => n.kind !== 'compound');
  return html`<svg class="flow-diagram${h ? ' with-path' : ''}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${options.title}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker>
<marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head-taken"/></marker></defs>
${clusters.map((n) => {
  const b = boxes.get(n.id)!;
  return html`<g class="cluster${h?.nodes.has(n.id) ? ' visited' : ''}" data-state="${n.id}"><title>${n.id}${n.description ? `: ${n.description}` : ''}</title>
<rect x="${b.x.toFixed(1)}" y="${b.y.toFixed(1)}" width="${b.width.toFixed(1)}" height="${b.height.toFixed(1)}" rx="8"/>
<text x="${(b.x + 8).toFixed(1)}" y="${(b.y + 14).toFixed(1)}" class="cluster-label">${n.key}</text></g>`;
})}
${graph.edges.map((e) => {
  const taken = h?.edges.has(edgeKey(e)) ?? false;
  const r = routes.get(edgeKey(e)) ?? (taken ? directRoute(boxes.get(e.from)!, boxes.get(e.to)!) : null);
  if (!r) return '';
  const cls = ['edge', e.automatic ? 'edge-auto' : '', taken ? 'taken' : ''].filter(Boolean).join(' ');
  return html`<g class="${cls}" data-edge="${edgeKey(e)}"><path d="${pathD(r.points)}" marker-end="url(#${taken ? 'arrow-taken' : 'arrow'})"/>
${r.label ? html`<text x="${r.label.x.toFixed(1)}" y="${(r.label.y + 4).toFixed(1)}" class="edge-label">${edgeLabel(e)}</text>` : ''}</g>`;
})}
${leaves.map((n) => {
  const b = boxes.get(n.id)!;
  const steps = h?.steps.get(n.id);
  const label = n.kind === 'any' ? `${options.anyStateLabel} ${n.within?.split('.').pop() ?? ''}` : n.key;
  const sub = shortcuts.get(n.id);
  return html`<g class="${nodeClass(n, h)}" data-state="${n.id}"><title>${n.kind === 'any' ? `${options.anyStateLabel} ${n.parent}` : n.id}${n.description ? `: ${n.description}` : ''}</title>
<rect x="${b.x.toFixed(1)}" y="${b.y.toFixed(1)}" width="${b.width.toFixed(1)}" height="${b.height.toFixed(1)}" rx="${n.kind === 'any' ? 11 : 6}"/>
<text x="${(b.x + b.width / 2).toFixed(1)}" y="${(b.y + (sub ? 17 : b.height / 2 + 4)).toFixed(1)}" class="state-label">${label}</text>
${sub ? html`<text x="${(b.x + b.width / 2).toFixed(1)}" y="${(b.y + 33).toFixed(1)}" class="shortcut-label">${shortcutText(sub)}</text>` : ''}
${steps?.length ? html`<text x="${(b.x + b.width + 3).toFixed(1)}" y="${(b.y + 10).toFixed(1)}" class="step-badge">${steps.length > 4 ? `${steps.slice(0, 4).join(',')}…` : steps.join(',')}</text>` : ''}</g>`;
})}
</svg>`;
}

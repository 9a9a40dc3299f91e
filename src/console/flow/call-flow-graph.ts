import { initialTransition, type AnyStateNode, type StateValue } from 'xstate';
import type { CallEvent, CallFacts } from '../../../flows/call-flow.types';
import { hotlineMachine } from '../../../flows/hotline.flow';

/** A state of the call flow, named by its path as the call log stores it (`live.freeze.enteringMobileNumber`). */
export interface FlowNode {
  id: string;
  key: string;
  description: string | null;
  parent: string | null;
  /** `any` is a stand-in for "whichever state inside `parent`" (transitions declared on a compound state). */
  kind: 'atomic' | 'compound' | 'any';
  /** The state resolves itself at once (eventless `always` transitions): calls pass through, never stop in it. */
  transient: boolean;
  initial: boolean;
  /** For `any` stand-ins: the compound state whose states it stands for. */
  within?: string;
}

export interface FlowEdge {
  from: string;
  to: string;
  /** Keys that take this transition (from probing the machine), then other events (`silence`, `queue ended`, …). */
  labels: string[];
  automatic: boolean;
}

export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

const EVENT_LABEL: Record<string, string> = {
  'caller.pressed': 'keys',
  'caller.silent': 'silence',
  'caller.garbled': 'garbled',
  'queue.waited': 'waited',
  'queue.ended': 'queue ended',
  'queue.connecting': 'agent answers',
  'call.ended': 'hang-up',
  'queue.reattached': 'back from the emergency line',
  'callback.recorded': 'callback booked during an outage',
};

/** The event type behind each kind of call-log step (`CallEvent.kind`). */
const STEP_EVENT: Record<string, string> = {
  pressed: 'caller.pressed',
  silent: 'caller.silent',
  garbled: 'caller.garbled',
  'queue.waited': 'queue.waited',
  'queue.ended': 'queue.ended',
  'queue.connecting': 'queue.connecting',
  ended: 'call.ended',
  'queue.reattached': 'queue.reattached',
  'callback.recorded': 'callback.recorded',
};

/** Whether an edge can be the first one a step of this kind took (unknown kinds: any edge). */
function takenBy(edge: FlowEdge, kind: string | undefined): boolean {
  const type = kind ? STEP_EVENT[kind] : undefined;
  if (!type) return true;
  if (type === 'caller.pressed') return edge.labels.some((l) => l === 'keys' || /[0-9*#]/.test(l));
  return edge.labels.includes(EVENT_LABEL[type]!);
}

const pathOf = (node: AnyStateNode): string => node.path.join('.');

function valueOf(path: string): StateValue {
  const parts = path.split('.');
  let value: StateValue = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i--) value = { [parts[i]!]: value };
  return value;
}

/** The atomic state a transition into `node` lands in (compound states enter their initial child). */
function landing(node: AnyStateNode): AnyStateNode {
  let n = node;
  while (n.type === 'compound' && n.initial?.target?.[0]) n = n.initial.target[0];
  return n;
}

/**
 * The call-flow machine as a graph, read from `hotlineMachine` itself: every state node, and every transition of
 * its `on` and `always`. Self-loops (a re-prompt) are left out. Menu keys are found by asking the machine which
 * transition each key would take, so the labels cannot drift from the flow.
 */
export function buildCallFlowGraph(): FlowGraph {
  const nodes: FlowNode[] = [];
  const edges = new Map<string, FlowEdge>();
  const addEdge = (from: string, to: string, label: string, automatic: boolean) => {
    const k = `${from}→${to}`;
    const edge = edges.get(k) ?? { from, to, labels: [], automatic };
    if (!edge.labels.includes(label)) edge.labels.push(label);
    edge.automatic &&= automatic;
    edges.set(k, edge);
  };
  const atomic: AnyStateNode[] = [];

  // Top-level compound states (`live`) hold nearly everything: they are not drawn as boxes, only their
  // "any state inside" stand-in is.
  const walk = (node: AnyStateNode, parent: string | null, drawn = true) => {
    const id = pathOf(node);
    const compound = node.type === 'compound';
    const parentNode = node.parent;
    if (drawn) {
      nodes.push({
        id,
        key: node.key,
        description: node.description ?? null,
        parent,
        kind: compound ? 'compound' : 'atomic',
        transient: Boolean(node.always?.length),
        initial: Boolean(parentNode?.initial?.target?.includes(node)),
      });
    }
    if (!compound) atomic.push(node);
    const source = compound ? `${id}.*` : id;
    let declares = false;
    for (const [eventType, transitions] of node.transitions) {
      for (const t of transitions) {
        const target = t.target?.[0];
        if (!target) continue;
        const to = pathOf(landing(target));
        if (to === id) continue;
        declares = true;
        addEdge(source, to, EVENT_LABEL[eventType] ?? eventType, false);
      }
    }
    for (const t of node.always ?? []) {
      const target = t.target?.[0];
      if (target) addEdge(source, pathOf(landing(target)), 'auto', true);
    }
    if (compound && declares)
      nodes.push({
        id: source,
        key: '*',
        description: node.description ?? null,
        parent: drawn ? id : null,
        kind: 'any',
        transient: false,
        initial: false,
        within: id,
      });
    for (const child of Object.values(node.states)) walk(child, compound && drawn ? id : parent);
  };
  for (const child of Object.values(hotlineMachine.root.states)) walk(child, null, child.type !== 'compound');

  for (const node of atomic) probeKeys(node, (to, key) => addEdge(pathOf(node), to, key, false));
  const entries = new Set(atomic.filter((n) => n.tags.includes('entry')).map(pathOf));
  for (const edge of edges.values()) {
    // Once keys explain a transition, "keys" says nothing more.
    if (edge.labels.some((l) => l !== 'keys' && /[0-9*#]/.test(l))) edge.labels = edge.labels.filter((l) => l !== 'keys');
    // In a number entry a lone digit is just a short number: "…#" says it.
    if (entries.has(edge.from) && edge.labels.includes('…#')) edge.labels = edge.labels.filter((l) => !/^[1-8]$/.test(l));
    edge.labels = compactDigits(edge.labels.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)));
  }
  return { nodes, edges: [...edges.values()] };
}

/** `1 2 3 4 5` → `1–5`. */
function compactDigits(labels: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < labels.length; i++) {
    let j = i;
    while (/^[1-9]$/.test(labels[i]!) && /^[1-9]$/.test(labels[j + 1] ?? '') && Number(labels[j + 1]) === Number(labels[j]) + 1) j++;
    out.push(j - i >= 2 ? `${labels[i]}–${labels[j]}` : labels[i]!);
    if (j - i >= 2) i = j;
  }
  return out;
}

const rank = (label: string) => (/^[0-9]$/.test(label) ? 0 : /^[*#]$/.test(label) ? 1 : label === '…#' ? 2 : 3);

const PROBES: Array<{ label: string; digits: string; finishedOnKey: '#' | '' }> = [
  ...'1234567890*'.split('').map((k) => ({ label: k, digits: k, finishedOnKey: '' as const })),
  { label: '#', digits: '', finishedOnKey: '#' },
  { label: '…#', digits: '12345678', finishedOnKey: '#' },
];

/** Asks the machine where each key leads from a state, on a first attempt, in opening hours, with one notice. */
function probeKeys(node: AnyStateNode, found: (to: string, key: string) => void): void {
  if (!node.transitions.has('caller.pressed')) return;
  const now = new Date().toISOString();
  const facts: CallFacts = {
    now,
    closed: null,
    outages: [],
    newReference: '87654321',
    ticket: { reference: '12345678', category: 'general', status: 'open', dueAt: now },
  };
  const [initial] = initialTransition(hotlineMachine, {
    callSid: 'CA-probe',
    callerIdUsable: true,
    callerIdLast4: '8000',
    queueMaxWaitSeconds: 600,
    timeZone: 'Asia/Shanghai',
    facts,
  });
  const notice = { id: 0, message: { 'zh-CN': '', 'en-US': '' }, short: { 'zh-CN': '', 'en-US': '' }, branches: 'all' as const, expectedRecoveryAt: null };
  const snapshot = hotlineMachine.resolveState({ value: valueOf(pathOf(node)), context: { ...initial.context, notices: [notice] } });
  for (const probe of PROBES) {
    const event: CallEvent = { type: 'caller.pressed', digits: probe.digits, finishedOnKey: probe.finishedOnKey, facts };
    try {
      const target = hotlineMachine.getTransitionData(snapshot, event)[0]?.target?.[0];
      if (target) {
        const to = pathOf(landing(target));
        if (to !== pathOf(node)) found(to, probe.label);
      }
    } catch {
      // A guard that needs more than this probe's context says nothing about keys; the structural edge stays.
    }
  }
}

/** Edges and nodes a call's recorded states passed along, including the transient states between two steps. */
export function pathThrough(graph: FlowGraph, states: Array<{ from: string | null; to: string; kind?: string }>): { nodes: Set<string>; edges: Set<string> } {
  const byFrom = new Map<string, FlowEdge[]>();
  for (const e of graph.edges) byFrom.set(e.from, [...(byFrom.get(e.from) ?? []), e]);
  const transient = new Set(graph.nodes.filter((n) => n.transient).map((n) => n.id));
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const { from, to, kind } of states) {
    nodes.add(to);
    if (!from || from === to) continue;
    nodes.add(from);
    // Sources: the state itself and the "any state inside" stand-ins of its ancestors.
    const parts = from.split('.');
    // Nearest first: a transition declared closer to the state is the one XState takes.
    const sources = [
      from,
      ...parts
        .slice(0, -1)
        .map((_, i) => `${parts.slice(0, i + 1).join('.')}.*`)
        .reverse(),
    ];
    const route = shortestRoute(byFrom, transient, sources, to, kind);
    for (const e of route) {
      edges.add(`${e.from}→${e.to}`);
      nodes.add(e.from);
      nodes.add(e.to);
    }
  }
  return { nodes, edges };
}

function shortestRoute(byFrom: Map<string, FlowEdge[]>, transient: Set<string>, sources: string[], to: string, kind?: string): FlowEdge[] {
  const queue: Array<{ at: string; route: FlowEdge[] }> = sources.map((s) => ({ at: s, route: [] }));
  const seen = new Set(sources);
  while (queue.length > 0) {
    const { at, route } = queue.shift()!;
    for (const e of byFrom.get(at) ?? []) {
      // The step's own event took the first edge; the rest are transient states resolving themselves.
      if (route.length === 0 && !takenBy(e, kind)) continue;
      if (e.to === to) return [...route, e];
      // Between two recorded states a call can only pass through states that resolve themselves.
      if (transient.has(e.to) && !seen.has(e.to) && route.length < 4) {
        seen.add(e.to);
        queue.push({ at: e.to, route: [...route, e] });
      }
    }
  }
  return [];
}

import { hotlineMachine } from '../../flows/hotline.flow';
import { callFlowDiagram, callFlowGraph } from '../../src/console/flow/call-flow-diagram.view';
import { pathThrough } from '../../src/console/flow/call-flow-graph';
import { csvCell } from '../../src/console/calls/call-csv';
import { escapeHtml, html } from '../../src/console/html/html-template';

function machineStates(): string[] {
  const out: string[] = [];
  const walk = (node: { path: string[]; states: Record<string, unknown> }) => {
    if (node.path.length) out.push(node.path.join('.'));
    for (const child of Object.values(node.states)) walk(child as typeof node);
  };
  walk(hotlineMachine.root as unknown as { path: string[]; states: Record<string, unknown> });
  return out;
}

describe('the call-flow diagram, generated from the machine', () => {
  const graph = callFlowGraph();
  const edge = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);

  test('when the graph is built, then every state of the machine is in it, and nothing else', () => {
    const drawn = graph.nodes.filter((n) => n.kind !== 'any').map((n) => n.id);
    // The top-level compound state `live` is drawn as its "any state" stand-in, not as a box.
    expect(new Set([...drawn, 'live'])).toEqual(new Set(machineStates()));
  });

  test('when a menu state is probed, then its transitions carry the keys that take them', () => {
    expect(edge('live.mainMenu', 'live.freeze.enteringMobileNumber')?.labels).toEqual(['1']);
    expect(edge('live.mainMenu', 'live.ticketStatus.enteringReference')?.labels).toEqual(['5']);
    expect(edge('live.complaint.choosingCategory', 'live.complaint.enteringTransactionNumber')?.labels).toEqual(['1–5']);
    expect(edge('live.freeze.enteringMobileNumber', 'live.freeze.confirmingMobileNumber')?.labels).toEqual(['…#']);
    expect(edge('live.routingToAgent', 'live.inQueue.waiting')).toMatchObject({ automatic: true });
    expect(edge('live.*', 'ended')?.labels).toEqual(['hang-up']);
  });

  test('when a call went from the main menu to a queue, then its path runs through the transient routing state', () => {
    const path = pathThrough(graph, [
      { from: null, to: 'live.choosingLanguage', kind: 'started' },
      { from: 'live.choosingLanguage', to: 'live.mainMenu', kind: 'pressed' },
      { from: 'live.mainMenu', to: 'live.inQueue.waiting', kind: 'pressed' },
      { from: 'live.inQueue.waiting', to: 'ended', kind: 'ended' },
    ]);
    expect([...path.edges].sort()).toEqual(
      // The caller hung up while waiting: the end every live state shares, not the queue's own hang-up result.
      ['live.choosingLanguage→live.mainMenu', 'live.*→ended', 'live.mainMenu→live.routingToAgent', 'live.routingToAgent→live.inQueue.waiting'].sort(),
    );
    expect(path.nodes.has('live.routingToAgent')).toBe(true);
  });

  test('when the diagram is drawn with a path, then visited states and taken transitions are marked in the SVG', () => {
    const svg = callFlowDiagram({
      anyStateLabel: 'any state in',
      title: 'flow',
      highlight: { nodes: new Set(['live.mainMenu']), edges: new Set(['live.mainMenu→live.routingToAgent']), steps: new Map([['live.mainMenu', [1, 4]]]) },
    }).value;
    expect(svg).toContain('class="state state-atomic visited" data-state="live.mainMenu"');
    expect(svg).toContain('class="edge taken" data-edge="live.mainMenu→live.routingToAgent"');
    expect(svg).toMatch(/class="step-badge">1,4</);
    for (const state of machineStates().filter((s) => s !== 'live')) expect(svg).toContain(`data-state="${state}"`);
  });
});

describe('escaping', () => {
  test('when a value is interpolated into a template, then markup and quotes are escaped, and nested templates are not escaped twice', () => {
    const evil = `"><script>alert('x')</script>&`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(`<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`);
    expect(escapeHtml(evil)).toBe('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;');
    expect(html`<ul>${['<a>', html`<li>ok</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
  });

  test('when a CSV cell starts like a formula, then it is neutralised with a leading quote', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1`)).toBe(`"'${start}1"`);
    expect(csvCell('138****8000')).toBe('"138****8000"');
    expect(csvCell(null)).toBe('""');
  });
});

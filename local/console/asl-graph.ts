import { html, type SafeHtml, svgNumber } from './html';

/** The state machine as a graph: states in the order of the ASL, edges for Next, Choices, Default and Catch. */
export interface GraphState {
  readonly name: string;
  readonly type: string;
  readonly comment?: string;
  /** A callback task (`.waitForTaskToken`): where a nomination waits for a person. */
  readonly waitsForCallback: boolean;
  readonly index: number;
}

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

export interface StateGraph {
  readonly startAt: string;
  readonly states: readonly GraphState[];
  readonly edges: readonly GraphEdge[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const OPERATOR_WORDS: Record<string, string> = { And: '조건(AND)', Or: '조건(OR)', Not: '조건(NOT)' };

/** A short label for a Choice rule: `"approve"`, `decision 없음`, `>= 3`. */
function choiceLabel(rule: Json): string {
  for (const word of Object.keys(OPERATOR_WORDS)) if (word in rule) return OPERATOR_WORDS[word] ?? word;
  const variable = typeof rule.Variable === 'string' ? (rule.Variable.split('.').at(-1) ?? '') : '';
  if (rule.IsPresent === false) return `${variable} 없음`;
  if (rule.IsPresent === true) return `${variable} 있음`;
  if (typeof rule.Condition === 'string') return rule.Condition.slice(0, 24);
  const operator = Object.keys(rule).find((key) => key !== 'Variable' && key !== 'Next');
  if (!operator) return '';
  const value = rule[operator];
  if (operator.startsWith('StringEquals') && typeof value === 'string') return `"${value}"`;
  return `${operator} ${JSON.stringify(value)}`.slice(0, 24);
}

/** Reads the ASL text; throws on text that is not a state machine. */
export function parseAsl(definition: string): StateGraph {
  const asl: unknown = JSON.parse(definition);
  if (!isObject(asl) || !isObject(asl.States) || typeof asl.StartAt !== 'string') {
    throw new Error('The definition is not an ASL state machine (StartAt and States are needed)');
  }
  const states: GraphState[] = [];
  const edges: GraphEdge[] = [];
  Object.entries(asl.States).forEach(([name, state], index) => {
    if (!isObject(state)) return;
    const type = typeof state.Type === 'string' ? state.Type : '?';
    const resource = typeof state.Resource === 'string' ? state.Resource : '';
    states.push({
      name,
      type,
      ...(typeof state.Comment === 'string' ? { comment: state.Comment } : {}),
      waitsForCallback: resource.endsWith('.waitForTaskToken'),
      index,
    });
    if (typeof state.Next === 'string') edges.push({ from: name, to: state.Next, kind: 'next' });
    if (Array.isArray(state.Choices)) {
      for (const rule of state.Choices) {
        if (isObject(rule) && typeof rule.Next === 'string') {
          edges.push({ from: name, to: rule.Next, kind: 'choice', label: choiceLabel(rule) });
        }
      }
    }
    if (typeof state.Default === 'string') {
      edges.push({ from: name, to: state.Default, kind: 'default', label: '기본(Default)' });
    }
    if (Array.isArray(state.Catch)) {
      for (const catcher of state.Catch) {
        if (isObject(catcher) && typeof catcher.Next === 'string') {
          edges.push({ from: name, to: catcher.Next, kind: 'catch', label: 'Catch' });
        }
      }
    }
  });
  const known = new Set(states.map((state) => state.name));
  return {
    startAt: asl.StartAt,
    states,
    edges: edges.filter((edge) => known.has(edge.from) && known.has(edge.to)),
  };
}

// --- layout -------------------------------------------------------------------------------------

export interface PlacedState extends GraphState {
  readonly layer: number;
  readonly x: number;
  readonly y: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly states: ReadonlyMap<string, PlacedState>;
  readonly backEdges: ReadonlySet<GraphEdge>;
}

const BOX_WIDTH = 184;
const BOX_HEIGHT = 46;
const GAP_X = 34;
const GAP_Y = 58;
const MARGIN = 24;
const LANE = 14;
const TOP = 30;

/**
 * A simple layered layout: edges that go back (found by a depth-first walk from StartAt, the
 * "return" loops) are set aside; every state sits one layer below its lowest predecessor (Catch
 * edges count, so the failure path ends up at the bottom); within a layer states keep the order of
 * the ASL, nudged once towards their predecessors.
 */
export function layoutGraph(graph: StateGraph): GraphLayout {
  const outgoing = new Map<string, GraphEdge[]>();
  for (const state of graph.states) outgoing.set(state.name, []);
  // Catch edges last: the main path decides what counts as "going back".
  const ordered = [...graph.edges].sort((a, b) => Number(a.kind === 'catch') - Number(b.kind === 'catch'));
  for (const edge of ordered) outgoing.get(edge.from)?.push(edge);

  const backEdges = new Set<GraphEdge>();
  const visited = new Set<string>();
  const onStack = new Set<string>();
  const postOrder: string[] = [];
  const walk = (name: string) => {
    visited.add(name);
    onStack.add(name);
    for (const edge of outgoing.get(name) ?? []) {
      if (onStack.has(edge.to)) backEdges.add(edge);
      else if (!visited.has(edge.to)) walk(edge.to);
    }
    onStack.delete(name);
    postOrder.push(name);
  };
  walk(graph.startAt);
  for (const state of graph.states) if (!visited.has(state.name)) walk(state.name);

  const layer = new Map<string, number>();
  for (const name of [...postOrder].reverse()) {
    const incoming = graph.edges.filter((edge) => edge.to === name && !backEdges.has(edge));
    layer.set(name, Math.max(0, ...incoming.map((edge) => (layer.get(edge.from) ?? 0) + 1)));
  }

  const layers: GraphState[][] = [];
  for (const state of graph.states) {
    const at = layer.get(state.name) ?? 0;
    const row = layers[at] ?? [];
    row.push(state);
    layers[at] = row;
  }
  const column = new Map<string, number>();
  layers.forEach((row, at) => {
    if (at > 0) {
      const centre = (state: GraphState) => {
        const parents = graph.edges
          .filter((edge) => edge.to === state.name && edge.kind !== 'catch' && !backEdges.has(edge))
          .map((edge) => column.get(edge.from))
          .filter((value): value is number => value !== undefined);
        return parents.length ? parents.reduce((sum, value) => sum + value, 0) / parents.length : state.index;
      };
      row.sort((a, b) => centre(a) - centre(b) || a.index - b.index);
    }
    row.forEach((state, position) => {
      column.set(state.name, position - (row.length - 1) / 2);
    });
  });

  const widest = Math.max(1, ...layers.map((row) => row?.length ?? 0));
  const lanes = laneCount(graph, backEdges, layer);
  const inner = widest * BOX_WIDTH + (widest - 1) * GAP_X;
  const width = MARGIN * 2 + inner + (lanes.left + lanes.right) * LANE;
  const centreX = MARGIN + lanes.left * LANE + inner / 2;
  const placed = new Map<string, PlacedState>();
  for (const state of graph.states) {
    const at = layer.get(state.name) ?? 0;
    placed.set(state.name, {
      ...state,
      layer: at,
      x: centreX + (column.get(state.name) ?? 0) * (BOX_WIDTH + GAP_X) - BOX_WIDTH / 2,
      y: TOP + at * (BOX_HEIGHT + GAP_Y),
    });
  }
  const height = TOP + layers.length * (BOX_HEIGHT + GAP_Y) - GAP_Y + MARGIN;
  return { width, height, states: placed, backEdges };
}

/** Edges that skip layers or go back run in lanes at the sides: one lane per target (a bus). */
function laneCount(
  graph: StateGraph,
  backEdges: ReadonlySet<GraphEdge>,
  layer: ReadonlyMap<string, number>,
): { left: number; right: number } {
  const left = new Set<string>();
  const right = new Set<string>();
  const pairs = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    const key = `${edge.from}>${edge.to}`;
    pairs.set(key, [...(pairs.get(key) ?? []), edge]);
  }
  for (const edges of pairs.values()) {
    const first = edges[0] as GraphEdge;
    const back = edges.some((edge) => backEdges.has(edge));
    const span = (layer.get(first.to) ?? 0) - (layer.get(first.from) ?? 0);
    if (!back && span === 1) continue;
    const leftSide = !back && edges.every((edge) => edge.kind === 'catch');
    const key = `${back ? 'back' : leftSide ? 'catch' : 'skip'}:${first.to}`;
    (leftSide ? left : right).add(key);
  }
  return { left: left.size, right: right.size };
}

// --- drawing ------------------------------------------------------------------------------------

export interface GraphMarks {
  /** States entered, from the history (the path taken). */
  readonly visited: ReadonlySet<string>;
  /** Transitions taken, as `from>to`. */
  readonly traversed: ReadonlySet<string>;
  /** Where the execution is now (a waiting task, a running state). */
  readonly current?: string;
  /** True when `current` waits for a callback (a person's decision). */
  readonly waiting?: boolean;
  /** Where a failed, timed-out or stopped execution ended. */
  readonly ended?: string;
  /** A link for a state's box (e.g. its input and output further down); undefined = no link. */
  readonly linkFor?: (state: string) => string | undefined;
}

const TYPE_LABELS: Record<string, string> = {
  Task: '작업',
  Choice: '분기',
  Pass: '전달',
  Succeed: '성공 종료',
  Fail: '실패 종료',
  Wait: '대기',
  Parallel: '병렬',
  Map: '반복',
};

function typeLabel(state: GraphState): string {
  if (state.waitsForCallback) return 'Task · 승인 대기(콜백)';
  return `${state.type} · ${TYPE_LABELS[state.type] ?? state.type}`;
}

function stateClass(state: GraphState, marks: GraphMarks): string {
  const classes = ['state', `type-${state.type.toLowerCase()}`];
  if (marks.visited.has(state.name)) classes.push('visited');
  if (marks.current === state.name) classes.push('current');
  if (marks.current === state.name && marks.waiting) classes.push('waiting');
  if (marks.ended === state.name) classes.push('ended');
  return classes.join(' ');
}

interface Point {
  readonly x: number;
  readonly y: number;
}

function path(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${svgNumber(p.x)} ${svgNumber(p.y)}`).join(' ');
}

/** A drawn edge: one per source and target (a Choice's IsPresent rule and its Default into one box: one line). */
interface DrawnEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
  readonly back: boolean;
}

function drawnEdges(graph: StateGraph, layout: GraphLayout): DrawnEdge[] {
  const byPair = new Map<string, { edges: GraphEdge[] }>();
  for (const edge of graph.edges) {
    const key = `${edge.from}>${edge.to}`;
    const entry = byPair.get(key) ?? { edges: [] };
    entry.edges.push(edge);
    byPair.set(key, entry);
  }
  return [...byPair.values()].map(({ edges }) => {
    const first = edges[0] as GraphEdge;
    // A pair reached by a rule and by Catch is drawn as the rule (Catch says less).
    const main = edges.find((edge) => edge.kind !== 'catch') ?? first;
    const labels = [...new Set(edges.filter((e) => e.kind !== 'catch' && e.label).map((e) => e.label))];
    return {
      from: first.from,
      to: first.to,
      kind: main.kind,
      ...(labels.length ? { label: labels.join(' / ') } : {}),
      back: edges.some((edge) => layout.backEdges.has(edge)),
    };
  });
}

/**
 * Orthogonal routes that keep off the boxes: between adjacent layers down, across the gap, down;
 * other edges drop out of the box's bottom, run in the gap to a lane at the side (Catch on the
 * left, others on the right), along it, and back across the gap above the target.
 */
function routes(edges: readonly DrawnEdge[], layout: GraphLayout): Map<DrawnEdge, Point[]> {
  const laneOf = new Map<string, number>();
  let left = 0;
  let right = 0;
  const exits = new Map<string, number>();
  const result = new Map<DrawnEdge, Point[]>();
  for (const edge of edges) {
    const from = layout.states.get(edge.from);
    const to = layout.states.get(edge.to);
    if (!from || !to) continue;
    const fromX = from.x + BOX_WIDTH / 2;
    const toX = to.x + BOX_WIDTH / 2;
    const below = from.y + BOX_HEIGHT;
    const above = to.y;
    if (!edge.back && to.layer - from.layer === 1) {
      const middle = below + GAP_Y / 2;
      result.set(edge, [
        { x: fromX, y: below },
        { x: fromX, y: middle },
        { x: toX, y: middle },
        { x: toX, y: above },
      ]);
      continue;
    }
    const leftSide = edge.kind === 'catch' && !edge.back;
    const key = `${edge.back ? 'back' : leftSide ? 'catch' : 'skip'}:${edge.to}`;
    if (!laneOf.has(key)) laneOf.set(key, leftSide ? left++ : right++);
    const lane = laneOf.get(key) ?? 0;
    const laneX = leftSide ? MARGIN + lane * LANE + LANE / 2 : layout.width - MARGIN - lane * LANE - LANE / 2;
    const exitKey = `${edge.from}:${leftSide ? 'left' : 'right'}`;
    const exitIndex = exits.get(exitKey) ?? 0;
    exits.set(exitKey, exitIndex + 1);
    const exitX = fromX + (leftSide ? -30 : 30);
    const exitY = below + 9 + exitIndex * 5;
    const entryX = toX + (leftSide ? -30 : 30);
    const entryY = above - (leftSide ? 9 : 17);
    result.set(edge, [
      { x: exitX, y: below },
      { x: exitX, y: exitY },
      { x: laneX, y: exitY },
      { x: laneX, y: entryY },
      { x: entryX, y: entryY },
      { x: entryX, y: above },
    ]);
  }
  return result;
}

/**
 * The graph as inline SVG (no script, no external references): a box per state, in the layout's
 * places; the path taken drawn green, the current state amber (a waiting task) and the end of a
 * failed execution red. Every box is a `<g data-state="Name">` for tests and tools.
 */
export function renderGraphSvg(graph: StateGraph, layout: GraphLayout, marks: GraphMarks): SafeHtml {
  const edges = drawnEdges(graph, layout);
  const paths = routes(edges, layout);
  const labelled = new Set<string>();
  const edgeMarkup = edges.map((edge) => {
    const points = paths.get(edge);
    if (!points) return html``;
    const taken = marks.traversed.has(`${edge.from}>${edge.to}`);
    const classes = ['edge', `edge-${edge.kind}`, taken ? 'taken' : '', edge.back ? 'back' : '']
      .filter(Boolean)
      .join(' ');
    const end = points.at(-1) as Point;
    // Labels sit just above the arrowhead: one per target and text (three "reject" branches, one word).
    const labelKey = `${edge.to}|${edge.label ?? ''}`;
    const showLabel = edge.kind !== 'catch' && edge.kind !== 'next' && edge.label && !labelled.has(labelKey);
    if (showLabel) labelled.add(labelKey);
    const labelY = points.length > 4 ? end.y - 20 : end.y - 6;
    return html`<path class="${classes}" d="${path(points)}" marker-end="url(#${taken ? (edge.kind === 'catch' ? 'arrow-caught' : 'arrow-taken') : 'arrow'})"><title>${edge.from} → ${edge.to}${edge.label ? ` (${edge.label})` : ''}</title></path>${
      showLabel
        ? html`<text class="edge-label" x="${svgNumber(end.x + 4)}" y="${svgNumber(labelY)}">${edge.label}</text>`
        : ''
    }`;
  });
  const boxes = graph.states.map((state) => {
    const placed = layout.states.get(state.name);
    if (!placed) return html``;
    const link = marks.linkFor?.(state.name);
    const status =
      marks.current === state.name
        ? marks.waiting
          ? ' — 현재 상태: 승인 대기 중'
          : ' — 현재 상태'
        : marks.ended === state.name
          ? ' — 종료된 곳'
          : marks.visited.has(state.name)
            ? ' — 지나감'
            : '';
    const box = html`<rect x="${svgNumber(placed.x)}" y="${svgNumber(placed.y)}" width="${BOX_WIDTH}" height="${BOX_HEIGHT}" rx="${state.type === 'Choice' ? 18 : 6}"/>
<text class="name" x="${svgNumber(placed.x + BOX_WIDTH / 2)}" y="${svgNumber(placed.y + 19)}">${state.name}</text>
<text class="kind" x="${svgNumber(placed.x + BOX_WIDTH / 2)}" y="${svgNumber(placed.y + 36)}">${typeLabel(state)}</text>
${marks.current === state.name ? html`<text class="badge" x="${svgNumber(placed.x + 2)}" y="${svgNumber(placed.y - 5)}">${marks.waiting ? '● 대기 중' : '● 진행 중'}</text>` : ''}`;
    return html`<g class="${stateClass(state, marks)}" data-state="${state.name}"><title>${state.name} (${state.type})${status}${state.comment ? `\n${state.comment}` : ''}</title>${
      link ? html`<a href="${link}">${box}</a>` : box
    }</g>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="graph" role="img" aria-labelledby="graph-title" viewBox="0 0 ${svgNumber(layout.width)} ${svgNumber(layout.height)}" width="${svgNumber(layout.width)}" height="${svgNumber(layout.height)}">
<title id="graph-title">상태 머신 그래프${marks.current ? ` — 현재 상태 ${marks.current}${marks.waiting ? ' (승인 대기 중)' : ''}` : ''}${marks.ended ? ` — ${marks.ended}에서 종료` : ''}</title>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#8a96a3"/></marker>
<marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#1e7d32"/></marker>
<marker id="arrow-caught" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#c62828"/></marker>
</defs>
<style>
.edge{fill:none;stroke:#a3adb8;stroke-width:1.3}
.edge.taken{stroke:#1e7d32;stroke-width:2.6}
.edge-catch{stroke-dasharray:5 4;stroke:#c9a0a0}
.edge-catch.taken{stroke:#c62828}
.edge.back{stroke-dasharray:2 3}
.edge-label{font:11px sans-serif;fill:#4a5563;paint-order:stroke;stroke:#fff;stroke-width:3px}
.state rect{fill:#fff;stroke:#8a96a3;stroke-width:1.3}
.state .name{font:bold 13px sans-serif;text-anchor:middle;fill:#1d1d1f}
.state .kind{font:11px sans-serif;text-anchor:middle;fill:#5b6673}
.type-choice rect{fill:#f5f7fa}
.type-succeed rect{stroke:#1e7d32}
.type-fail rect{stroke:#c62828}
.visited rect{fill:#e6f4ea;stroke:#1e7d32;stroke-width:2}
.current rect{fill:#fff4d6;stroke:#e08e00;stroke-width:3.5}
.ended rect{fill:#fdecea;stroke:#c62828;stroke-width:3}
.badge{font:bold 11px sans-serif;fill:#b36b00;paint-order:stroke;stroke:#fff;stroke-width:3px}
a .name{text-decoration:underline}
</style>
${edgeMarkup}
${boxes}
</svg>`;
}

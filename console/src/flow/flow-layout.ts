// Where the graph draws each node and edge: dagre's layered layout (top to bottom, the start
// first), so a flow of any shape reads without the admin placing boxes. A jump to a node that
// does not exist is drawn to a "missing" box of its own, so the mistake is visible where it is.
import dagre from '@dagrejs/dagre';
import type { FlowDefinition, FlowEdge } from './flow-model.js';

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 68;

export interface PlacedNode {
  name: string;
  x: number;
  y: number;
  /** A jump's target that is not a node. */
  missing: boolean;
}

export interface PlacedEdge extends FlowEdge {
  points: { x: number; y: number }[];
  labelAt: { x: number; y: number };
  broken: boolean;
}

export interface FlowLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

const missingId = (name: string): string => `\u0000missing:${name}`;

export function layoutFlow(def: FlowDefinition, edges: FlowEdge[]): FlowLayout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60, edgesep: 20, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  // The start first, so dagre ranks it at the top.
  const names = [def.start, ...Object.keys(def.nodes).filter((n) => n !== def.start)].filter((n) => n in def.nodes);
  for (const name of names) g.setNode(name, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of edges) {
    const to = e.to in def.nodes ? e.to : missingId(e.to);
    if (!g.hasNode(to)) g.setNode(to, { width: NODE_WIDTH, height: NODE_HEIGHT });
    g.setEdge(e.from, to, { width: e.label ? 24 : 0, height: e.label ? 18 : 0, labelpos: 'c' }, e.field);
  }
  dagre.layout(g);
  const nodes = g.nodes().map((id): PlacedNode => {
    const n = g.node(id);
    const missing = id.startsWith('\u0000missing:');
    return { name: missing ? id.slice('\u0000missing:'.length) : id, x: n.x - NODE_WIDTH / 2, y: n.y - NODE_HEIGHT / 2, missing };
  });
  const placed = edges.map((e): PlacedEdge => {
    const broken = !(e.to in def.nodes);
    const label = g.edge({ v: e.from, w: broken ? missingId(e.to) : e.to, name: e.field });
    const points = label.points ?? [];
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { ...e, points, labelAt: { x: label.x ?? mid.x, y: label.y ?? mid.y }, broken };
  });
  const graph = g.graph();
  return { width: Math.max(graph.width ?? 0, NODE_WIDTH + 32), height: Math.max(graph.height ?? 0, NODE_HEIGHT + 32), nodes, edges: placed };
}

// The flow drawn: one box a node (its name, verb and a line of what it does), arrows for its
// jumps with the option or outcome written on them, the start marked, a node with problems
// outlined in red with them listed in its title. A box is a button: clicking it (or Enter on
// it) opens that node's fields beside the graph.
import { useMemo } from 'preact/hooks';
import { edgesOf, type FlowDefinition, type FlowNode, type VerbSchema } from './flow-model.js';
import { layoutFlow, NODE_HEIGHT, NODE_WIDTH } from './flow-layout.js';

export interface FlowGraphProps {
  def: FlowDefinition;
  verbs: VerbSchema[];
  selected: string | null;
  problems: Record<string, string[]>;
  onSelect: (name: string) => void;
}

/** A line of what the node does, for the box. */
function summary(node: FlowNode): string {
  const text = typeof node.text === 'string' ? node.text : typeof node.prompt === 'string' ? node.prompt : typeof node.prompt === 'object' && node.prompt && 'text' in node.prompt ? String((node.prompt as { text: unknown }).text) : '';
  if (text) return `“${text}”`;
  if (typeof node.queue === 'string') return `to queue ${node.queue}`;
  if (typeof node.variable === 'string') return `into ${node.variable}`;
  return '';
}

const path = (points: { x: number; y: number }[]): string => points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');

export function FlowGraph({ def, verbs, selected, problems, onSelect }: FlowGraphProps) {
  const layout = useMemo(() => layoutFlow(def, edgesOf(def, verbs)), [def, verbs]);
  return (
    <div id="flow-graph" class="flow-graph" role="group" aria-label="Flow graph" style={{ width: `${layout.width}px`, height: `${layout.height}px` }}>
      <svg class="flow-edges" width={layout.width} height={layout.height} aria-hidden="true">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" /></marker>
          <marker id="arrow-broken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" /></marker>
        </defs>
        {layout.edges.map((e) => (
          <g key={`${e.from}.${e.field}`} class={e.broken ? 'edge broken' : 'edge'} data-edge={`${e.from}.${e.field}`} data-to={e.to}>
            <path d={path(e.points)} marker-end={e.broken ? 'url(#arrow-broken)' : 'url(#arrow)'} />
            {e.label ? <text x={e.labelAt.x} y={e.labelAt.y + 4} text-anchor="middle">{e.label}</text> : null}
          </g>
        ))}
      </svg>
      {layout.nodes.map((n) => {
        const node = def.nodes[n.name];
        const issues = problems[n.name] ?? [];
        const style = { left: `${n.x}px`, top: `${n.y}px`, width: `${NODE_WIDTH}px`, height: `${NODE_HEIGHT}px` };
        if (n.missing || !node) {
          return <div key={`missing:${n.name}`} class="flow-node missing" style={style} data-missing={n.name}><strong>{n.name}</strong><span>no such node</span></div>;
        }
        return (
          <button type="button" key={n.name} class={`flow-node${issues.length ? ' invalid' : ''}${selected === n.name ? ' selected' : ''}`} style={style}
            data-node={n.name} data-verb={node.verb} data-invalid={issues.length ? 'true' : undefined} aria-pressed={selected === n.name}
            title={issues.join('\n') || undefined} onClick={() => onSelect(n.name)}>
            <strong>{n.name}{def.start === n.name ? <span class="start-mark"> · start</span> : null}</strong>
            <span class="verb">{node.verb}{issues.length ? ` · ${issues.length} problem${issues.length > 1 ? 's' : ''}` : ''}</span>
            <span class="what">{summary(node)}</span>
          </button>
        );
      })}
    </div>
  );
}

// The selected node's fields, drawn from its verb's JSON Schema: jumps as selects of the flow's
// nodes, a map of jumps (a menu's options) as digit → node rows, other maps (set's variables)
// as name → value rows, a queue verb's queue as the queues by name, and everything else by the
// console's schema-driven controls (prompts and schedules picked by name). Renaming a node
// carries every jump to it along; "Play this prompt" speaks the node's text with the center's
// text-to-speech, as a caller would hear it.
import { useRef, useState } from 'preact/hooks';
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import { errorText, type ConsoleApi } from '../api.js';
import { Control } from '../form.js';
import { useChoices, type Lookups } from '../lookups.js';
import { isSecret, type JsonSchema } from '../schema.js';
import { isJump, isJumpMap, nodeNamePattern, type FlowDefinition, type FlowNode, type VerbSchema } from './flow-model.js';

export interface NodePanelProps {
  api: ConsoleApi;
  lookups: Lookups;
  voices: string[];
  def: FlowDefinition;
  name: string;
  verbs: VerbSchema[];
  problems: string[];
  onChange: (node: FlowNode) => void;
  onVerb: (verb: string) => void;
  onRename: (to: string) => void;
  onStart: () => void;
  onDelete: () => void;
}

type Change = (v: unknown) => void;

function JumpSelect({ id, nodes, value, onChange }: { id: string; nodes: string[]; value: unknown; onChange: Change }) {
  const current = typeof value === 'string' ? value : '';
  const names = current && !nodes.includes(current) ? [...nodes, current] : nodes;
  return (
    <select id={id} value={current} onChange={(e) => onChange(e.currentTarget.value || undefined)}>
      <option value="">—</option>
      {names.map((n) => <option key={n} value={n}>{nodes.includes(n) ? n : `${n} (no such node)`}</option>)}
    </select>
  );
}

/** A map as rows of key → value (a menu's digit → node, a variable → its value). */
function KeyValues({ field, jump, nodes, value, onChange }: { field: string; jump: boolean; nodes: string[]; value: unknown; onChange: Change }) {
  const entries = Object.entries(typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
  const set = (list: [string, unknown][]): void => onChange(list.length ? Object.fromEntries(list) : undefined);
  const keyLabel = jump ? 'Digit' : 'Name';
  return (
    <div class="object-list" id={`f-${field}`}>
      {entries.map(([key, v], i) => (
        <div class="item" key={i}>
          <label>{keyLabel}<input id={`f-${field}-${i}-key`} value={key} size={jump ? 2 : 12} onInput={(e) => set(entries.map((old, j) => (j === i ? [e.currentTarget.value, old[1]] : old)))} /></label>
          <label>{jump ? 'Goes to' : 'Value'}
            {jump ? <JumpSelect id={`f-${field}-${i}-to`} nodes={nodes} value={v} onChange={(to) => set(entries.map((old, j) => (j === i ? [old[0], to ?? ''] : old)))} />
              : <input id={`f-${field}-${i}-value`} value={typeof v === 'string' ? v : ''} onInput={(e) => set(entries.map((old, j) => (j === i ? [old[0], e.currentTarget.value] : old)))} />}
          </label>
          <button type="button" aria-label={`Remove ${keyLabel.toLowerCase()} ${key || i + 1}`} onClick={() => set(entries.filter((_, j) => j !== i))}>Remove</button>
        </div>
      ))}
      <button type="button" id={`f-${field}-add`} onClick={() => set([...entries, [jump ? String(firstFreeDigit(entries)) : '', '']])}>{jump ? 'Add option' : 'Add'}</button>
    </div>
  );
}

const firstFreeDigit = (entries: [string, unknown][]): string => '1234567890*#'.split('').find((d) => !entries.some(([k]) => k === d)) ?? '';

function QueueSelect({ lookups, value, onChange }: { lookups: Lookups; value: unknown; onChange: Change }) {
  const queues = useChoices(lookups, 'queues').map((q) => q.name);
  const current = typeof value === 'string' ? value : '';
  const names = current && !queues.includes(current) ? [...queues, current] : queues;
  return (
    <select id="f-queue" value={current} onChange={(e) => onChange(e.currentTarget.value || undefined)}>
      <option value="">—</option>
      {names.map((n) => <option key={n} value={n}>{n}</option>)}
    </select>
  );
}

/** The text a caller would hear from this node, if it speaks one. */
function spokenText(node: FlowNode): { text: string; voice?: string } | null {
  const prompt = node.prompt;
  const voice = typeof node.voice === 'string' ? node.voice : undefined;
  if (typeof node.text === 'string' && node.text) return { text: node.text, ...(voice ? { voice } : {}) };
  if (typeof prompt === 'string' && prompt) return { text: prompt };
  if (typeof prompt === 'object' && prompt !== null && typeof (prompt as { text?: unknown }).text === 'string') {
    const p = prompt as { text: string; voice?: string };
    return { text: p.text, ...(p.voice ? { voice: p.voice } : {}) };
  }
  return null;
}

function PlayPrompt({ api, node }: { api: ConsoleApi; node: FlowNode }) {
  const [src, setSrc] = useState('');
  const [error, setError] = useState('');
  const audio = useRef<HTMLAudioElement>(null);
  const spoken = spokenText(node);
  if (!spoken) return null;
  const play = async (): Promise<void> => {
    setError('');
    try {
      const blob = await api.blob('POST', '/prompts/preview', spoken);
      if (src) URL.revokeObjectURL(src);
      setSrc(URL.createObjectURL(blob));
      queueMicrotask(() => void audio.current?.play().catch(() => undefined));
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div class="play-prompt">
      <button type="button" id="play-prompt" onClick={() => void play()}>Play this prompt</button>
      {src ? <audio id="prompt-audio" ref={audio} controls src={src} aria-label="The prompt spoken" /> : null}
      <ErrorLine id="play-prompt-error" text={error} />
    </div>
  );
}

export function NodePanel(p: NodePanelProps) {
  const node = p.def.nodes[p.name];
  const [draftName, setDraftName] = useState(p.name);
  const [nameError, setNameError] = useState('');
  if (!node) return null;
  const verb = p.verbs.find((v) => v.verb === node.verb);
  const nodes = Object.keys(p.def.nodes);
  const required = new Set(verb?.schema.required ?? []);
  const set = (field: string): Change => (v) => {
    const copy: FlowNode = { ...node };
    if (v === undefined || v === '' || v === null) delete copy[field];
    else copy[field] = v;
    p.onChange(copy);
  };
  const rename = (to: string): void => {
    setDraftName(to);
    if (to === p.name) return setNameError('');
    if (!nodeNamePattern.test(to)) return setNameError('1 to 64 letters, digits, _ or -');
    if (to in p.def.nodes) return setNameError(`there is already a node ${to}`);
    setNameError('');
    p.onRename(to);
  };
  const fields = Object.entries(verb?.schema.properties ?? {}).filter(([f]) => f !== 'verb');
  return (
    <section id="node-panel" class="node-panel" aria-labelledby="node-panel-title" data-node={p.name}>
      <h3 id="node-panel-title">Node {p.name}</h3>
      {p.problems.length ? <ul id="node-problems" class="error" role="alert">{p.problems.map((m) => <li key={m}>{m}</li>)}</ul> : null}
      <div class="fields">
        <div class="field"><label>Name<input id="node-name" value={draftName} onChange={(e) => rename(e.currentTarget.value)} /></label><ErrorLine id="node-name-error" text={nameError} /></div>
        <div class="field"><label>Verb
          <select id="node-verb" value={node.verb} onChange={(e) => p.onVerb(e.currentTarget.value)}>
            {p.verbs.map((v) => <option key={v.verb} value={v.verb}>{v.verb}</option>)}
          </select></label>
          {verb ? <span class="hint">{verb.description}</span> : null}
        </div>
        {fields.map(([field, s]) => <NodeField key={`${p.name}.${field}`} field={field} schema={s} required={required.has(field)} node={node} nodes={nodes} lookups={p.lookups} voices={p.voices} onChange={set(field)} />)}
      </div>
      <PlayPrompt api={p.api} node={node} />
      <div class="actions">
        <button type="button" id="node-start" disabled={p.def.start === p.name} onClick={p.onStart}>{p.def.start === p.name ? 'Calls start here' : 'Start calls here'}</button>
        <button type="button" id="node-delete" class="stop" onClick={p.onDelete}>Delete node</button>
      </div>
    </section>
  );
}

function NodeField({ field, schema, required, node, nodes, lookups, voices, onChange }: { field: string; schema: JsonSchema; required: boolean; node: FlowNode; nodes: string[]; lookups: Lookups; voices: string[]; onChange: Change }) {
  const label = <>{field.replace(/_/g, ' ')}{required ? <span class="dim"> (required)</span> : null}</>;
  const hint = schema.description ? <span class="hint">{schema.description}</span> : null;
  if (isJump(schema)) return <div class="field" data-field={field}><label>{label}<JumpSelect id={`f-${field}`} nodes={nodes} value={node[field]} onChange={onChange} /></label>{hint}</div>;
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object' && !schema.properties) {
    return (
      <div class="field group" data-field={field}>
        <fieldset><legend>{label}</legend>{hint}<KeyValues field={field} jump={isJumpMap(schema)} nodes={nodes} value={node[field]} onChange={onChange} /></fieldset>
      </div>
    );
  }
  if (node.verb === 'queue' && field === 'queue') return <div class="field" data-field={field}><label>{label}<QueueSelect lookups={lookups} value={node[field]} onChange={onChange} /></label>{hint}</div>;
  return <Control path={field} name={field} schema={schema} required={required} value={node[field]} onChange={onChange} ctx={{ lookups, choices: { voice: voices } }} secret={isSecret(field, schema)} />;
}

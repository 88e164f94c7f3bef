// One IVR flow in the visual editor: the graph on the left, the selected node's fields on the
// right, the flow's name, "Add node", "Publish" and its versions above. Publishing writes a new
// version (calls in progress keep theirs); the server's refusal is put on the nodes it names,
// and nothing is saved. A jump to no node shows before that, on its node and as a red arrow.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import { ApiError, errorText, type ConsoleApi, type Issue, type Json } from '../api.js';
import type { Lookups } from '../lookups.js';
import type { Schemas } from '../schema.js';
import { FlowGraph } from './flow-graph.js';
import { freshName, localIssues, placeIssues, renameNode, verbSchemas, withVerb, type FlowDefinition, type FlowNode, type VerbSchema } from './flow-model.js';
import { NodePanel } from './node-panel.js';
import { FlowVersions } from './flow-versions.js';

export interface FlowEditorProps {
  api: ConsoleApi;
  schemas: Schemas;
  lookups: Lookups;
  /** The flow to edit; null for a new one. */
  flowId: string | null;
  /** What the editor says on opening (the outcome of publishing a new flow). */
  notice: string;
  /** A new flow was published: its id and what publishing said. */
  onSaved: (id: string, status: string) => void;
}

const starter: FlowDefinition = { start: 'welcome', nodes: { welcome: { verb: 'say', text: 'Welcome.', next: 'goodbye' }, goodbye: { verb: 'hangup' } } };

interface Loaded { name: string; description: string; def: FlowDefinition; version: number | null }

export function FlowEditor({ api, schemas, lookups, flowId, notice, onSaved }: FlowEditorProps) {
  const [verbs, setVerbs] = useState<VerbSchema[]>([]);
  const [voices, setVoices] = useState<string[]>([]);
  const [loaded, setLoaded] = useState<Loaded | null>(flowId ? null : { name: '', description: '', def: starter, version: null });
  const [def, setDef] = useState<FlowDefinition>(starter);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<Issue[]>([]);
  const [error, setError] = useState('');
  const [status, setStatus] = useState(notice);
  const [addVerb, setAddVerb] = useState('say');
  const [versionsSeen, setVersionsSeen] = useState(0);

  useEffect(() => {
    void schemas.body('post', '/api/ivr-flows').then((body) => {
      const definition = body.properties?.definition;
      setVerbs(definition ? verbSchemas(definition) : []);
    }, (err) => setError(errorText(err)));
    void api.get<{ languages: string[] }>('/prompts/voices').then((v) => setVoices(v.languages), () => setVoices([]));
  }, [api, schemas]);
  useEffect(() => {
    if (!flowId) return;
    void api.get<Json>(`/ivr-flows/${flowId}`).then((row) => {
      const l = { name: String(row.name ?? ''), description: String(row.description ?? ''), def: row.definition as FlowDefinition, version: Number(row.current_version) };
      setLoaded(l);
      setDef(l.def);
      setName(l.name);
      setDescription(l.description);
    }, (err) => setError(errorText(err)));
  }, [api, flowId]);

  const problems = useMemo(() => placeIssues([...localIssues(def, verbs), ...serverIssues]), [def, verbs, serverIssues]);
  const edit = (next: FlowDefinition): void => {
    setDef(next);
    setServerIssues([]);
    setStatus('');
  };
  const setNode = (nodeName: string, node: FlowNode): void => edit({ ...def, nodes: { ...def.nodes, [nodeName]: node } });

  const addNode = (): void => {
    const verb = verbs.find((v) => v.verb === addVerb);
    if (!verb) return;
    const nodeName = freshName(def, verb.verb);
    edit({ ...def, nodes: { ...def.nodes, [nodeName]: { verb: verb.verb } } });
    setSelected(nodeName);
  };

  const publish = async (): Promise<void> => {
    setError('');
    setStatus('');
    const changedDef = JSON.stringify(def) !== JSON.stringify(loaded?.def);
    const body: Json = { name, ...(description ? { description } : {}), ...(flowId && !changedDef ? {} : { definition: def }) };
    try {
      const row = flowId ? await api.call<Json>('PATCH', `/ivr-flows/${flowId}`, body) : await api.call<Json>('POST', '/ivr-flows', body);
      const version = Number(row.current_version);
      setLoaded({ name, description, def, version });
      const said = changedDef || !flowId ? `Published version ${version}; new calls take it, calls in progress keep theirs.` : 'Saved; the definition did not change, so no new version.';
      setStatus(said);
      setVersionsSeen((n) => n + 1);
      lookups.changed('ivr-flows');
      if (!flowId) onSaved(String(row.id), said);
    } catch (err) {
      const details = err instanceof ApiError ? err.details : [];
      setServerIssues(details);
      const onNodes = details.filter((d) => /^body\.definition\.nodes\./.test(d.path)).length;
      setError(onNodes ? `Not published: ${onNodes} problem${onNodes > 1 ? 's' : ''} shown on ${onNodes > 1 ? 'their nodes' : 'its node'}.` : errorText(err));
    }
  };

  if (!loaded) return <section class="page"><p class="dim">Loading the flow…</p><ErrorLine id="flow-error" text={error} /></section>;
  const node = selected && def.nodes[selected] ? selected : null;
  return (
    <section class="page flow-editor" aria-labelledby="page-title">
      <div class="page-head">
        <h2 id="page-title">{flowId ? `IVR flow ${loaded.name}` : 'New IVR flow'}</h2>
        <a href="#/ivr-flows">All flows</a>
      </div>
      <div class="flow-toolbar row">
        <label>Name<input id="flow-name" value={name} onInput={(e) => setName(e.currentTarget.value)} /></label>
        <label>Description<input id="flow-description" value={description} onInput={(e) => setDescription(e.currentTarget.value)} /></label>
        <FlowVoice voices={voices} value={def.voice} onChange={(voice) => {
          const { voice: _old, ...rest } = def;
          edit(voice ? { ...rest, voice } : rest);
        }} />
        <label>New node's verb
          <select id="add-verb" value={addVerb} onChange={(e) => setAddVerb(e.currentTarget.value)}>
            {verbs.map((v) => <option key={v.verb} value={v.verb}>{v.verb}</option>)}
          </select>
        </label>
        <button type="button" id="add-node" onClick={addNode}>Add node</button>
        <button type="button" id="publish" class="go" onClick={() => void publish()}>Publish</button>
      </div>
      <ErrorLine id="flow-error" text={[error, ...problems.flow].filter(Boolean).join(' ')} />
      <p id="flow-status" role="status" class="dim">{status}</p>
      <div class="flow-body">
        <div class="flow-canvas">
          <FlowGraph def={def} verbs={verbs} selected={node} problems={problems.byNode} onSelect={setSelected} />
        </div>
        <div class="flow-side">
          {node ? (
            <NodePanel key={node} api={api} lookups={lookups} voices={voices} def={def} name={node} verbs={verbs} problems={problems.byNode[node] ?? []}
              onChange={(n) => setNode(node, n)}
              onVerb={(v) => { const verb = verbs.find((x) => x.verb === v); const current = def.nodes[node]; if (verb && current) setNode(node, withVerb(current, verb)); }}
              onRename={(to) => { edit(renameNode(def, node, to, verbs)); setSelected(to); }}
              onStart={() => edit({ ...def, start: node })}
              onDelete={() => { const { [node]: _gone, ...rest } = def.nodes; edit({ ...def, nodes: rest }); setSelected(null); }} />
          ) : <p class="dim">Choose a node in the graph to edit its fields, or add one.</p>}
          {flowId ? <FlowVersions api={api} flowId={flowId} current={loaded.version} refresh={versionsSeen}
            onLoad={(d, v) => { edit(d); setSelected(null); setStatus(`Version ${v} loaded into the editor; publish to make it the current one.`); }} /> : null}
        </div>
      </div>
    </section>
  );
}

/** The flow's default voice: the language its text is spoken in unless a node names another. */
function FlowVoice({ voices, value, onChange }: { voices: string[]; value: string | undefined; onChange: (voice: string) => void }) {
  const names = value && !voices.includes(value) ? [...voices, value] : voices;
  return (
    <label>Voice
      <select id="flow-voice" value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">center default</option>
        {names.map((v) => <option key={v} value={v}>{v}</option>)}
      </select>
    </label>
  );
}

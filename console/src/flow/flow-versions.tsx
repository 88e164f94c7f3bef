// A flow's versions, newest first, each with who wrote it and when (from the audit log), and
// "Load" to bring an older one back into the editor (publishing it then makes a new version:
// a roll-back leaves the history whole).
import { useEffect, useState } from 'preact/hooks';
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import { errorText, type ConsoleApi } from '../api.js';
import type { FlowDefinition } from './flow-model.js';

interface Version { version: number; created_at: string; changed_by: string | null; action: string | null }

export function FlowVersions({ api, flowId, current, refresh, onLoad }: { api: ConsoleApi; flowId: string; current: number | null; refresh: number; onLoad: (def: FlowDefinition, version: number) => void }) {
  const [versions, setVersions] = useState<Version[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    void api.get<Version[]>(`/ivr-flows/${flowId}/versions`).then((v) => setVersions([...v].reverse()), (err) => setError(errorText(err)));
  }, [api, flowId, refresh]);
  const load = async (version: number): Promise<void> => {
    try {
      onLoad(await api.get<FlowDefinition>(`/ivr-flows/${flowId}/versions/${version}`), version);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section class="flow-versions" aria-labelledby="versions-title">
      <h3 id="versions-title">Versions</h3>
      <ol id="versions" reversed>
        {versions.map((v) => (
          <li key={v.version} data-version={v.version}>
            <span>Version {v.version}{v.version === current ? ' (current)' : ''} · {v.changed_by ?? 'outside the API'} · {new Date(v.created_at).toLocaleString()}{v.action ? ` · ${v.action}` : ''}</span>
            {v.version !== current ? <button type="button" aria-label={`Load version ${v.version}`} onClick={() => void load(v.version)}>Load</button> : null}
          </li>
        ))}
      </ol>
      <ErrorLine id="versions-error" text={error} />
    </section>
  );
}

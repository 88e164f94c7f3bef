// The IVR flows view: the list of flows (name, current version, description) with Open and
// Delete (confirmed; a flow a number still uses is refused with the numbers named), "New IVR
// flow", and the visual editor at #/ivr-flows/<id> (or /new).
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { VNode } from 'preact';
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import { errorText, type Json } from '../api.js';
import { Confirm } from '../dialog.js';
import type { ViewContext } from '../views.js';
import { FlowEditor } from './flow-editor.js';

export function FlowsView({ ctx, sub }: { ctx: ViewContext; sub: string }) {
  // A new flow, once published, moves to its own URL (a fresh editor): what publishing said
  // goes along, so the admin still reads "Published version 1".
  const [notice, setNotice] = useState<{ id: string; text: string } | null>(null);
  if (sub) {
    return <FlowEditor key={sub} api={ctx.api} schemas={ctx.schemas} lookups={ctx.lookups} flowId={sub === 'new' ? null : sub}
      notice={notice?.id === sub ? notice.text : ''}
      onSaved={(id, text) => { setNotice({ id, text }); window.location.hash = `#/ivr-flows/${id}`; }} />;
  }
  return <FlowList ctx={ctx} />;
}

function FlowList({ ctx }: { ctx: ViewContext }) {
  const [rows, setRows] = useState<Json[]>([]);
  const [error, setError] = useState('');
  const [dialog, setDialog] = useState<VNode | null>(null);
  const load = useCallback(async (): Promise<void> => {
    try {
      setRows((await ctx.api.get<{ items: Json[] }>('/ivr-flows?limit=500')).items);
    } catch (err) {
      setError(errorText(err));
    }
  }, [ctx.api]);
  useEffect(() => void load(), [load]);
  const remove = (row: Json): void => setDialog(
    <Confirm question={`Delete IVR flow ${String(row.name)}? This cannot be undone.`} action="Delete" onClose={() => setDialog(null)}
      run={async () => {
        await ctx.api.call('DELETE', `/ivr-flows/${String(row.id)}`);
        ctx.lookups.changed('ivr-flows');
        await load();
      }} />,
  );
  return (
    <section aria-labelledby="page-title" class="page">
      <div class="page-head">
        <h2 id="page-title">IVR flows</h2>
        <a id="new" class="button go" href="#/ivr-flows/new">New IVR flow</a>
      </div>
      <ErrorLine id="page-error" text={error} />
      <table id="ivr-flows-list" aria-label="IVR flows">
        <thead><tr><th scope="col">Name</th><th scope="col">Version</th><th scope="col">Description</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={String(row.id)}>
              <th scope="row">{String(row.name)}</th>
              <td>{String(row.current_version)}</td>
              <td>{String(row.description ?? '')}</td>
              <td class="row-actions">
                <a class="button" href={`#/ivr-flows/${String(row.id)}`} aria-label={`Open ${String(row.name)}`}>Open</a>
                <button type="button" aria-label={`Delete ${String(row.name)}`} onClick={() => remove(row)}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length ? null : <p class="dim">No IVR flow yet.</p>}
      {dialog}
    </section>
  );
}

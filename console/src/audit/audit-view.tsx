// The audit log (GET /api/audit, docs/audit.md), admins only: every change made through the
// API, newest first, filtered by resource type, actor, action and time; "Older" loads the
// next keyset page; "Changes" on an entry opens its before/after with the changed fields
// marked. Secrets never reach the page: the server leaves them out of every entry.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import { errorText } from '../api.js';
import type { ViewContext } from '../views.js';
import { AuditDiff } from './audit-diff.js';
import { resourceName, type AuditEntry } from './audit-entry.js';
import { AuditFilters, auditQuery, noFilter, type AuditFilter } from './audit-filters.js';

const PAGE = 50;

const when = (at: string): string => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function AuditView({ ctx }: { ctx: ViewContext }) {
  const [filter, setFilter] = useState<AuditFilter>(noFilter);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState('');
  const [loaded, setLoaded] = useState(false);
  // Only the latest request's answer is shown: a filter answered late is dropped.
  const latest = useRef(0);

  const load = useCallback(async (after?: string): Promise<void> => {
    const asked = ++latest.current;
    const q = auditQuery(filter);
    q.set('limit', String(PAGE));
    if (after) q.set('after', after);
    try {
      const page = await ctx.api.get<{ items: AuditEntry[]; next: string | null }>(`/audit?${q.toString()}`);
      if (asked !== latest.current) return;
      setEntries((old) => (after ? [...old, ...page.items] : page.items));
      setNext(page.next);
      setError('');
    } catch (err) {
      if (asked !== latest.current) return;
      setError(errorText(err));
      if (!after) { setEntries([]); setNext(null); }
    }
    setLoaded(true);
  }, [ctx.api, filter]);
  // A new filter object each "Show" (audit-filters.tsx copies it): the same filter again reloads.
  useEffect(() => void load(), [load]);

  const toggle = (id: string): void => setOpen((s) => {
    const copy = new Set(s);
    if (!copy.delete(id)) copy.add(id);
    return copy;
  });

  return (
    <section aria-labelledby="page-title" class="page">
      <div class="page-head"><h2 id="page-title">Audit log</h2></div>
      <AuditFilters schemas={ctx.schemas} onApply={(f) => { setOpen(new Set()); setFilter({ ...f }); }} />
      <ErrorLine id="page-error" text={error} />
      <table id="audit-list">
        <caption class="sr-only">Audit log, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Resource</th><th scope="col">From</th><th scope="col"><span class="sr-only">Details</span></th></tr></thead>
        <tbody>
          {entries.flatMap((e) => {
            const shown = open.has(e.id);
            const row = (
              <tr key={e.id} data-id={e.id} data-action={e.action} data-resource={e.resource_type}>
                <td><time dateTime={e.at}>{when(e.at)}</time></td>
                <td>{e.actor ? `${e.actor.username} (${e.actor.role})` : 'the server'}</td>
                <td>{e.action}</td>
                <th scope="row">{e.resource_type} <span class="audit-name">{resourceName(e)}</span></th>
                <td>{e.address ?? ''}</td>
                <td class="row-actions">
                  <button type="button" aria-expanded={shown} aria-controls={`audit-diff-${e.id}`} aria-label={`Changes of entry ${e.id}`} onClick={() => toggle(e.id)}>{shown ? 'Hide' : 'Changes'}</button>
                </td>
              </tr>
            );
            return shown ? [row, <tr key={`${e.id}-diff`} class="audit-detail"><td colSpan={6}><AuditDiff entry={e} /></td></tr>] : [row];
          })}
        </tbody>
      </table>
      {loaded && entries.length === 0 && !error ? <p class="dim">No entry matches.</p> : null}
      {next ? <button type="button" id="audit-older" onClick={() => void load(next)}>Older</button> : null}
    </section>
  );
}

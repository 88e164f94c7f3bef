// The audit view's filters: resource type and action (typed, with the API's audited resources
// and actions offered), actor (a username or user id) and a time range in the browser's local
// time, applied together by "Show". Empty fields do not filter.
import { useEffect, useState } from 'preact/hooks';
import type { AuditChoices, Schemas } from '../schema.js';

export interface AuditFilter {
  resource: string;
  actor: string;
  action: string;
  /** datetime-local values ('2026-03-02T10:15'), local time. */
  since: string;
  until: string;
}

export const noFilter: AuditFilter = { resource: '', actor: '', action: '', since: '', until: '' };

/** The filter as /api/audit's query; a local time becomes the ISO instant it names. */
export function auditQuery(filter: AuditFilter): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of ['resource', 'actor', 'action'] as const) if (filter[key].trim()) q.set(key, filter[key].trim());
  for (const key of ['since', 'until'] as const) if (filter[key]) q.set(key, new Date(filter[key]).toISOString());
  return q;
}

export function AuditFilters({ schemas, onApply }: { schemas: Schemas; onApply: (filter: AuditFilter) => void }) {
  const [filter, setFilter] = useState<AuditFilter>(noFilter);
  const [choices, setChoices] = useState<AuditChoices>({ resources: [], actions: [] });
  useEffect(() => void schemas.audit().then(setChoices, () => setChoices({ resources: [], actions: [] })), [schemas]);
  const field = (key: keyof AuditFilter, label: string, props: Record<string, string> = {}) => (
    <label>{label}
      <input id={`audit-${key}`} value={filter[key]} {...props} onInput={(e) => setFilter({ ...filter, [key]: e.currentTarget.value })} />
    </label>
  );
  return (
    <form id="audit-filters" class="row audit-filters" onSubmit={(e) => { e.preventDefault(); onApply({ ...filter }); }}>
      {field('resource', 'Resource type', { list: 'audit-resources', placeholder: 'any' })}
      {field('actor', 'Actor', { placeholder: 'username or user id' })}
      {field('action', 'Action', { list: 'audit-actions', placeholder: 'any' })}
      {field('since', 'From', { type: 'datetime-local' })}
      {field('until', 'Until', { type: 'datetime-local' })}
      <datalist id="audit-resources">{choices.resources.map((r) => <option key={r} value={r} />)}</datalist>
      <datalist id="audit-actions">{choices.actions.map((a) => <option key={a} value={a} />)}</datalist>
      <button type="submit" id="audit-apply">Show</button>
      <button type="button" id="audit-clear" onClick={() => { setFilter(noFilter); onApply({ ...noFilter }); }}>Clear</button>
    </form>
  );
}

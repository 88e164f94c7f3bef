// One entry of GET /api/audit as the console reads it (docs/audit.md), and how the view
// names its parts: the resource by its name in the snapshot, each field's value as text, and
// the fields of before/after side by side with the changed ones marked.
import type { Json } from '../api.js';
import { rowName } from '../lookups.js';

export interface AuditEntry {
  id: string;
  at: string;
  actor: { id: string; username: string; role: string } | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  route: string | null;
  address: string | null;
  changed: string[] | null;
  before: Json | null;
  after: Json | null;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

/** What the entry's resource is called: its name in the snapshot (a deletion's is in before), else its id. */
export function resourceName(entry: AuditEntry): string {
  const snapshot = entry.after ?? entry.before;
  const name = snapshot ? rowName(snapshot) : '';
  return name || entry.resource_id || '';
}

/** A field's value as one line; '' for a field the snapshot does not have. */
export function valueText(snapshot: Json | null, field: string): string {
  if (!snapshot || !(field in snapshot)) return '';
  const v = snapshot[field];
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Every field of before and after (after's order, then those only before had), each marked
 *  changed or not; a creation or deletion changes every field. */
export function fieldChanges(entry: AuditEntry): FieldChange[] {
  const fields = [...new Set([...Object.keys(entry.after ?? {}), ...Object.keys(entry.before ?? {})])];
  return fields.map((field) => {
    const before = valueText(entry.before, field);
    const after = valueText(entry.after, field);
    const changed = JSON.stringify(entry.before?.[field]) !== JSON.stringify(entry.after?.[field]);
    return { field, before, after, changed };
  });
}

// An entry's before and after, field by field: an update's changed fields are marked
// (highlighted, and "changed" for a screen reader) with its unchanged ones folded under them;
// a creation has no before and a deletion no after. The
// fields the request set are listed too — a password change leaves before and after alike
// (neither holds the secret), and this line is what shows it happened.
import { fieldChanges, type AuditEntry, type FieldChange } from './audit-entry.js';

function FieldRows({ entry, changes }: { entry: AuditEntry; changes: FieldChange[] }) {
  // Marked only in an update: in a creation or deletion every field is new or gone.
  const mark = entry.before !== null && entry.after !== null;
  return (
    <tbody>
      {changes.map((c) => (
        <tr key={c.field} class={mark && c.changed ? 'changed' : undefined} data-field={c.field} data-changed={c.changed ? 'yes' : 'no'}>
          <th scope="row">{c.field}{mark && c.changed ? <span class="sr-only"> (changed)</span> : null}</th>
          <td>{entry.before ? <code>{c.before}</code> : <span class="dim">—</span>}</td>
          <td>{entry.after ? <code>{c.after}</code> : <span class="dim">—</span>}</td>
        </tr>
      ))}
    </tbody>
  );
}

const head = <thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>;

export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const changes = fieldChanges(entry);
  const changed = changes.filter((c) => c.changed);
  const same = changes.filter((c) => !c.changed);
  return (
    <div class="audit-diff" id={`audit-diff-${entry.id}`}>
      <p class="dim">
        {entry.route ?? 'by the server'}{entry.changed?.length ? <> · the request set: <span class="audit-set">{entry.changed.join(', ')}</span></> : null}
      </p>
      {changes.length === 0 ? <p class="dim">No snapshot of the resource.</p> : (
        <table class="audit-fields" aria-label={`Before and after, entry ${entry.id}`}>{head}<FieldRows entry={entry} changes={changed} /></table>
      )}
      {/* An update's unchanged fields, folded: they say what the resource was, not what changed. */}
      {same.length ? (
        <details class="audit-unchanged">
          <summary>{same.length} unchanged field{same.length > 1 ? 's' : ''}</summary>
          <table class="audit-fields" aria-label={`Unchanged fields, entry ${entry.id}`}>{head}<FieldRows entry={entry} changes={same} /></table>
        </details>
      ) : null}
    </div>
  );
}

// "My calls" (call-history.ts): the agent's own calls, newest first, a number search, and a
// call-back button on each (a call out like any other).
import { ErrorLine } from '../ui/error-line.js';
import { Field } from '../ui/field.js';
import { Section } from '../ui/section.js';
import { useDesk, useSoftphone } from './context.js';

export function MyCalls() {
  const sp = useSoftphone();
  const { search, calls, error } = useDesk((s) => s.history);
  const submit = (e: Event): void => {
    e.preventDefault();
    void sp.history.refresh();
  };
  return (
    <Section class="history" title="My calls" titleId="history-title">
      <form id="history-form" role="search" onSubmit={submit}>
        <Field label="Number">
          <input id="history-search" inputmode="tel" autocomplete="off" value={search} onInput={(e) => sp.history.setSearch(e.currentTarget.value)} />
        </Field>{' '}
        <button type="submit">Search</button>
      </form>
      <ol id="history-list">
        {calls.map((c) => {
          const other = c.direction === 'outbound' ? c.to_number : c.from_number;
          return (
            <li key={c.id} data-number={other}>
              <span>{[new Date(c.started_at).toLocaleString(), c.direction, other, c.disposition, c.wrap_up_code].filter(Boolean).join(' · ')}</span>{' '}
              <button type="button" class="call-back" aria-label={`Call back ${other}`} onClick={() => void sp.dial(other)}>Call back</button>
            </li>
          );
        })}
      </ol>
      <ErrorLine id="history-error" text={error} />
    </Section>
  );
}

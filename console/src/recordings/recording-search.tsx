// The recordings search form: the call's time range, queue, agent, number (a part of the
// caller's or the called number) and disposition. Queues and agents are offered by name.
import { useState } from 'preact/hooks';
import { Field } from '../../../softphone/src/ui/field.js';
import { useChoices, type Lookups } from '../lookups.js';
import { dispositions, type RecordingSearch } from './recording-model.js';

export function RecordingSearchForm({ lookups, initial, onSearch }: { lookups: Lookups; initial: RecordingSearch; onSearch: (search: RecordingSearch) => void }) {
  const [search, setSearch] = useState(initial);
  const queues = useChoices(lookups, 'queues');
  const agents = useChoices(lookups, 'agents');
  const set = (key: keyof RecordingSearch) => (e: { currentTarget: { value: string } }) => setSearch({ ...search, [key]: e.currentTarget.value });
  return (
    <form id="recording-search" class="row search-form" onSubmit={(e) => { e.preventDefault(); onSearch(search); }}>
      <div class="field"><Field label="From"><input id="s-since" type="datetime-local" value={search.since} onInput={set('since')} /></Field></div>
      <div class="field"><Field label="Until"><input id="s-until" type="datetime-local" value={search.until} onInput={set('until')} /></Field></div>
      <div class="field"><Field label="Queue">
        <select id="s-queue" value={search.queue_id} onChange={set('queue_id')}>
          <option value="">any</option>
          {queues.map((q) => <option key={q.id} value={q.id}>{q.name}</option>)}
        </select>
      </Field></div>
      <div class="field"><Field label="Agent">
        <select id="s-agent" value={search.agent_id} onChange={set('agent_id')}>
          <option value="">any</option>
          {agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </select>
      </Field></div>
      <div class="field"><Field label="Number"><input id="s-number" type="search" inputMode="tel" placeholder="part of a number" value={search.number} onInput={set('number')} /></Field></div>
      <div class="field"><Field label="Disposition">
        <select id="s-disposition" value={search.disposition} onChange={set('disposition')}>
          <option value="">any</option>
          {dispositions.map((d) => <option key={d} value={d}>{d}</option>)}
        </select>
      </Field></div>
      <button type="submit" id="search" class="go">Search</button>
    </form>
  );
}

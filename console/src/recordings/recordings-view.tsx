// The recordings view (admins and supervisors; the server narrows a supervisor's results to
// the queues they supervise): the search form, the recordings found newest call first with
// "More" for the next page, and the player of the one chosen.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import { errorText, type Json } from '../api.js';
import { useChoices } from '../lookups.js';
import type { ViewContext } from '../views.js';
import { asRecordings, clock, emptySearch, searchQuery, type FoundRecording, type RecordingSearch } from './recording-model.js';
import { RecordingPlayer } from './recording-player.js';
import { RecordingSearchForm } from './recording-search.js';

export function RecordingsView({ ctx }: { ctx: ViewContext }) {
  const [search, setSearch] = useState<RecordingSearch>(emptySearch);
  const [rows, setRows] = useState<FoundRecording[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [playing, setPlaying] = useState<FoundRecording | null>(null);
  const queues = useChoices(ctx.lookups, 'queues');
  const agents = useChoices(ctx.lookups, 'agents');
  const nameIn = (choices: { id: string; name: string }[], id: string | null): string => (id ? choices.find((c) => c.id === id)?.name ?? '' : '');

  const load = useCallback(async (s: RecordingSearch, after?: string): Promise<void> => {
    try {
      const page = await ctx.api.get<{ items: Json[]; next: string | null }>(`/recordings?${searchQuery(s, after)}`);
      setError('');
      setRows((old) => (after ? [...old, ...asRecordings(page.items)] : asRecordings(page.items)));
      setNext(page.next);
    } catch (err) {
      setError(errorText(err));
    }
  }, [ctx.api]);
  useEffect(() => void load(emptySearch), [load]);

  const titleOf = (r: FoundRecording): string => `${r.from_number} → ${r.to_number}, ${new Date(r.started_at).toLocaleString()}`;
  return (
    <section aria-labelledby="page-title" class="page">
      <div class="page-head"><h2 id="page-title">Recordings</h2></div>
      <RecordingSearchForm lookups={ctx.lookups} initial={search} onSearch={(s) => { setSearch(s); void load(s); }} />
      <ErrorLine id="page-error" text={error} />
      {playing ? <RecordingPlayer key={playing.id} api={ctx.api} recording={playing} title={titleOf(playing)} onClose={() => setPlaying(null)} /> : null}
      <table id="recordings-list" aria-label="Recordings">
        <thead>
          <tr>
            <th scope="col">Call started</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Queue</th><th scope="col">Agent</th>
            <th scope="col">Disposition</th><th scope="col">Length</th><th scope="col">Paused</th><th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-id={r.id} aria-current={playing?.id === r.id ? 'true' : undefined}>
              <th scope="row">{new Date(r.started_at).toLocaleString()}</th>
              <td>{r.from_number}</td><td>{r.to_number}</td>
              <td>{nameIn(queues, r.queue_id)}</td><td>{nameIn(agents, r.agent_id)}</td>
              <td>{r.disposition ?? ''}</td>
              <td>{r.duration_seconds === null ? '' : clock(r.duration_seconds)}</td>
              <td>{r.paused_spans.length ? `${r.paused_spans.length}×` : ''}</td>
              <td class="row-actions"><button type="button" aria-label={`Play ${titleOf(r)}`} onClick={() => setPlaying(r)}>Play</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length ? null : <p class="dim">No recording matches the search.</p>}
      {next ? <button type="button" id="recordings-more" onClick={() => void load(search, next)}>More</button> : null}
    </section>
  );
}

// The calls in progress with an agent (GET /api/calls?status=connected: the server scopes them
// to the supervisor's queues, all for an admin), with the agent's and queue's names. Read
// again when the event hub says a call was answered or ended, and on each (re)connect of the
// socket (what happened while it was down): pushed, never polled.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { LiveEvents } from '../../../softphone/src/live-events.js';
import { errorText, type ConsoleApi } from '../api.js';
import type { Lookups } from '../lookups.js';

export interface LiveCall {
  id: string;
  caller: string;
  agent: string;
  queue: string;
  /** When the agent answered (epoch ms), for the call's timer. */
  answeredAt: number | undefined;
}

interface CallRow {
  id: string;
  from_number: string;
  agent_id: string | null;
  queue_id: string | null;
  answered_at: string | null;
}

/** Events that change which calls are in progress. */
const CHANGES = new Set(['call.answered', 'call.ended']);

export function useLiveCalls(api: ConsoleApi, lookups: Lookups, onEnded: (callId: string) => void): { calls: LiveCall[]; error: string; live: boolean; reload: () => Promise<void> } {
  const [calls, setCalls] = useState<LiveCall[]>([]);
  const [error, setError] = useState('');
  const [live, setLive] = useState(false);
  // Events come in bursts (answered, then ended): only the latest read is shown, never an older one that came back late.
  const latest = useRef(0);
  const reload = useCallback(async (): Promise<void> => {
    const mine = ++latest.current;
    try {
      const [page, agents, queues] = await Promise.all([
        api.get<{ items: CallRow[] }>('/calls?status=connected&limit=500'),
        lookups.choices('agents'),
        lookups.choices('queues'),
      ]);
      if (mine !== latest.current) return;
      const name = (list: { id: string; name: string }[], id: string | null) => (id ? list.find((x) => x.id === id)?.name ?? id : '—');
      setCalls(page.items.map((row) => ({
        id: row.id, caller: row.from_number, agent: name(agents, row.agent_id), queue: name(queues, row.queue_id),
        answeredAt: row.answered_at ? Date.parse(row.answered_at) : undefined,
      })));
      setError('');
    } catch (err) {
      if (mine === latest.current) setError(`Calls in progress unknown: ${errorText(err)}`);
    }
  }, [api, lookups]);
  useEffect(() => {
    const events = new LiveEvents(() => api.bearer, {
      event: (e) => {
        if (!CHANGES.has(e.type)) return;
        if (e.type === 'call.ended' && e.call_id) onEnded(e.call_id);
        void reload();
      },
      connected: (up) => {
        setLive(up);
        if (up) void reload();
      },
      unauthorized: () => setError('Your session ended: sign out and sign in again.'),
    });
    void reload();
    events.start();
    return () => events.stop();
  }, [api, reload, onEnded]);
  return { calls, error, live, reload };
}

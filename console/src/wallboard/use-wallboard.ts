// The wallboard's data, pushed: the view subscribes to the event hub (/api/events) and, on an
// event that moves a figure (an agent's state, a queue's counts, a call offered, answered or
// ended), re-reads GET /api/wallboard and the day's 15-minute report, debounced so a burst of
// events costs one read. On every (re)connect it reads again, since events may have been
// missed meanwhile. There is no polling: between events only the browser's clocks tick.
import { useEffect, useState } from 'preact/hooks';
import { LiveEvents } from '../../../softphone/src/live-events.js';
import { errorText, type ConsoleApi } from '../api.js';
import { parseIntervals, parseWallboard, type IntervalRow, type Wallboard } from './wallboard-data.js';

const MOVES_FIGURES = new Set(['agent.state', 'queue.counts', 'call.offered', 'call.answered', 'call.ended']);
const DEBOUNCE_MS = 300;
const INTERVAL_MS = 15 * 60_000;

export interface WallboardData {
  board: Wallboard | null;
  /** When the browser received `board` (its own clock: the tickers count from it). */
  receivedAt: number;
  /** The browser's local midnight: the charts' first interval. */
  dayStart: number;
  intervals: IntervalRow[];
  /** Connected to the event hub: the figures are live. */
  live: boolean;
  error: string;
}

function localMidnight(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

export function useWallboard(api: ConsoleApi): WallboardData {
  const [data, setData] = useState<WallboardData>(() => ({ board: null, receivedAt: Date.now(), dayStart: localMidnight(new Date()), intervals: [], live: false, error: '' }));
  useEffect(() => {
    let reads = 0;
    let timer: number | undefined;
    let stopped = false;
    const read = async (): Promise<void> => {
      const mine = ++reads;
      const now = new Date();
      const dayStart = localMidnight(now);
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const report = `/reports/queues?interval=15m&since=${encodeURIComponent(new Date(dayStart).toISOString())}&until=${encodeURIComponent(new Date(now.getTime() + INTERVAL_MS).toISOString())}&time_zone=${encodeURIComponent(zone)}`;
      try {
        const [board, intervals] = await Promise.all([api.get('/wallboard').then(parseWallboard), api.get(report).then(parseIntervals)]);
        // An older read answering late must not overwrite a newer one.
        if (stopped || mine !== reads) return;
        setData((d) => ({ ...d, board, receivedAt: Date.now(), dayStart, intervals, error: '' }));
      } catch (err) {
        if (!stopped && mine === reads) setData((d) => ({ ...d, error: errorText(err) }));
      }
    };
    const soon = (): void => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void read(), DEBOUNCE_MS);
    };
    const events = new LiveEvents(() => api.bearer, {
      event: (e) => { if (MOVES_FIGURES.has(e.type)) soon(); },
      connected: (up) => {
        setData((d) => ({ ...d, live: up }));
        if (up) void read();
      },
      unauthorized: () => setData((d) => ({ ...d, live: false, error: 'The session ended: sign in again to see the wallboard.' })),
    });
    events.start();
    // The first read does not wait for the socket: a board with a broken socket still shows, marked not live.
    void read();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      events.stop();
    };
  }, [api]);
  return data;
}

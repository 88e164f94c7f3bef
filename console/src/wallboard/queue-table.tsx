// The queues on the wallboard, one row each: who waits now and the longest wait (the ACD's
// value, ticking in the browser until the next read), the chosen period's figures
// (docs/wallboard.md), and the member agents by state. Large mode keeps the columns a wall
// can be read by from afar.
import type { VNode } from 'preact';
import { Pill } from '../../../softphone/src/ui/pill.js';
import { formatElapsed } from '../../../softphone/src/ui/clock.js';
import { useNow } from '../../../softphone/src/ui/use-now.js';
import type { Figures, Period, QueueBoard } from './wallboard-data.js';

/** The ACD's agent states, in the order the board lists them. */
const AGENT_STATES = ['available', 'ringing', 'on-call', 'wrap-up', 'not-ready', 'logged-out'] as const;

const percent = (v: number | null): string => (v === null ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
const duration = (seconds: number | null): string => (seconds === null ? '—' : formatElapsed(seconds * 1000));

interface Column {
  key: string;
  title: string;
  /** Shown in large mode too. */
  wall: boolean;
  /** `readAt`: when the browser got the figures (the tickers count on from it). */
  cell: (q: QueueBoard, f: Figures, readAt: number) => VNode | string;
}

const columns: Column[] = [
  { key: 'waiting', title: 'Waiting', wall: true, cell: (q) => String(q.waiting) },
  { key: 'longest-wait', title: 'Longest wait', wall: true, cell: (q, _f, readAt) => <LongestWait seconds={q.longest_wait_seconds} waiting={q.waiting > 0} readAt={readAt} /> },
  { key: 'service-level', title: 'Service level', wall: true, cell: (_q, f) => percent(f.service_level) },
  { key: 'asa', title: 'ASA', wall: false, cell: (_q, f) => duration(f.asa_seconds) },
  { key: 'abandon-rate', title: 'Abandon rate', wall: true, cell: (_q, f) => percent(f.abandon_rate) },
  { key: 'aht', title: 'AHT', wall: false, cell: (_q, f) => duration(f.aht_seconds) },
  { key: 'offered', title: 'Offered', wall: false, cell: (_q, f) => String(f.offered) },
  { key: 'answered', title: 'Answered', wall: true, cell: (_q, f) => String(f.answered) },
  { key: 'abandoned', title: 'Abandoned', wall: false, cell: (_q, f) => String(f.abandoned) },
  { key: 'agents', title: 'Agents', wall: true, cell: (q) => <AgentsByState counts={q.agents} /> },
];

/** The ACD's longest wait as of the read, plus the seconds since (the browser's clock). */
function LongestWait({ seconds, waiting, readAt }: { seconds: number; waiting: boolean; readAt: number }) {
  const now = useNow(waiting);
  return <span class="timer">{waiting ? formatElapsed(seconds * 1000 + Math.max(0, now - readAt)) : '—'}</span>;
}

function AgentsByState({ counts }: { counts: Record<string, number> }) {
  const present = AGENT_STATES.filter((s) => (counts[s] ?? 0) > 0);
  if (!present.length) return <span class="dim">none</span>;
  return <span class="by-state">{present.map((s) => <Pill key={s} data-state={s} data-count={counts[s]}>{counts[s]} {s}</Pill>)}</span>;
}

export function QueueTable({ queues, period, large, readAt }: { queues: QueueBoard[]; period: Period; large: boolean; readAt: number }) {
  const shown = columns.filter((c) => !large || c.wall);
  return (
    <table id="wallboard-queues" aria-label="Queues">
      <thead>
        <tr><th scope="col">Queue</th>{shown.map((c) => <th key={c.key} scope="col">{c.title}</th>)}</tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.queue_id} data-queue={q.name}>
            <th scope="row">{q.name}<span class="hint">target {q.service_level_seconds} s</span></th>
            {shown.map((c) => <td key={c.key} data-figure={c.key}>{c.cell(q, q[period], readAt)}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

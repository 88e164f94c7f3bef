// The wallboard (#/wallboard): the queues now and in the chosen period (today, the last 15, 30
// or 60 minutes), the agents' grid, and the day's charts, all live from the event hub
// (use-wallboard.ts). Large mode, for a wall TV, is in the URL (#/wallboard/large), so a TV's
// bookmark opens it so: bigger type, the columns a room can read from afar.
import { useMemo, useState } from 'preact/hooks';
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import type { ViewContext } from '../views.js';
import { AgentGrid } from './agent-grid.js';
import { DayCharts } from './day-charts.js';
import { QueueTable } from './queue-table.js';
import { useWallboard } from './use-wallboard.js';
import { PERIODS, type Period } from './wallboard-data.js';

const PERIOD_TITLES: Record<Period, string> = { today: 'Today', last_15_min: '15 min', last_30_min: '30 min', last_60_min: '60 min' };

export function WallboardView({ ctx }: { ctx: ViewContext }) {
  const large = ctx.sub === 'large';
  const [period, setPeriod] = useState<Period>('today');
  const { board, receivedAt, dayStart, intervals, live, error } = useWallboard(ctx.api);
  const queueIds = useMemo(() => new Set(board?.queues.map((q) => q.queue_id) ?? []), [board]);
  return (
    <section aria-labelledby="page-title" id="wallboard" class={large ? 'page wallboard large' : 'page wallboard'}>
      <div class="page-head">
        <h2 id="page-title">Wallboard</h2>
        <div role="group" aria-label="Period of the figures" class="switch">
          {PERIODS.map((p) => (
            <button key={p} type="button" id={`period-${p}`} aria-pressed={p === period} onClick={() => setPeriod(p)}>{PERIOD_TITLES[p]}</button>
          ))}
        </div>
        <a id="large-mode" class="button" href={large ? '#/wallboard' : '#/wallboard/large'} aria-pressed={large} role="button">{large ? 'Normal size' : 'Large mode'}</a>
        <span id="wallboard-live" class="pill" data-status={live ? 'up' : 'down'} role="status">{live ? 'live' : 'reconnecting…'}</span>
      </div>
      <ErrorLine id="page-error" text={error} />
      {board ? (
        <>
          <QueueTable queues={board.queues} period={period} large={large} readAt={receivedAt} />
          {board.queues.length ? null : <p class="dim">No queue to show{ctx.user.role === 'supervisor' ? ': you supervise none yet' : ''}.</p>}
          <div class="wallboard-lower">
            <AgentGrid agents={board.agents} queues={board.queues} large={large} at={board.at} readAt={receivedAt} />
            <DayCharts rows={intervals} dayStart={dayStart} queueIds={queueIds} readAt={receivedAt} large={large} />
          </div>
        </>
      ) : <p class="dim">Loading…</p>}
    </section>
  );
}

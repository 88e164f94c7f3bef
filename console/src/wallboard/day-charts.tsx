// The day on the wallboard, per 15-minute interval from local midnight to now (GET
// /api/reports/queues?interval=15m, summed over the queues shown): calls offered, answered and
// abandoned, and the service level (answered within target ÷ handled, as docs/wallboard.md
// defines it; a gap where nothing was handled). Drawn with uPlot, resized with its box.
import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { IntervalRow } from './wallboard-data.js';

const STEP_S = 15 * 60;
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

interface DaySeries {
  x: number[];
  offered: number[];
  answered: number[];
  abandoned: number[];
  serviceLevel: (number | null)[];
  /** The day's sums (the closing point of the last step not counted twice). */
  totals: { offered: number; answered: number; abandoned: number };
}

/** One slot per 15 minutes from `dayStart` to now; rows of the same slot (one per queue) summed. */
function daySeries(rows: IntervalRow[], dayStart: number, queueIds: ReadonlySet<string>, now: number): DaySeries {
  const first = Math.floor(dayStart / 1000);
  const slots = Math.max(1, Math.floor((now / 1000 - first) / STEP_S) + 1);
  const s: DaySeries = { x: [], offered: [], answered: [], abandoned: [], serviceLevel: [], totals: { offered: 0, answered: 0, abandoned: 0 } };
  const within: number[] = [];
  const handled: number[] = [];
  for (let i = 0; i < slots; i++) {
    s.x.push(first + i * STEP_S);
    s.offered.push(0); s.answered.push(0); s.abandoned.push(0);
    within.push(0); handled.push(0);
  }
  for (const r of rows) {
    const i = Math.floor((r.interval_start / 1000 - first) / STEP_S);
    if (i < 0 || i >= slots || !queueIds.has(r.queue_id)) continue;
    s.offered[i] = (s.offered[i] ?? 0) + r.offered;
    s.answered[i] = (s.answered[i] ?? 0) + r.answered;
    s.abandoned[i] = (s.abandoned[i] ?? 0) + r.abandoned;
    within[i] = (within[i] ?? 0) + r.answered_within_target;
    handled[i] = (handled[i] ?? 0) + r.answered + r.abandoned + r.overflowed;
  }
  s.serviceLevel = handled.map((h, i) => (h > 0 ? (100 * (within[i] ?? 0)) / h : null));
  s.totals = { offered: sum(s.offered), answered: sum(s.answered), abandoned: sum(s.abandoned) };
  // The end of the current interval closes its step (a count holds for its 15 minutes).
  s.x.push(first + slots * STEP_S);
  for (const k of ['offered', 'answered', 'abandoned'] as const) s[k].push(s[k].at(-1) ?? 0);
  s.serviceLevel.push(null);
  return s;
}


function Chart({ id, title, summary, options, data, height }: { id: string; title: string; summary: string; options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData; height: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const p = new uPlot({ ...options, width: el.clientWidth, height }, data, el);
    plot.current = p;
    const resize = new ResizeObserver(() => p.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      p.destroy();
      plot.current = null;
    };
    // The plot is made once per set of options and height; new figures go through setData below.
  }, [options, height]);
  useEffect(() => plot.current?.setData(data), [data]);
  return (
    <figure id={id} class="chart">
      <figcaption><strong>{title}</strong> <span class="dim">{summary}</span></figcaption>
      <div ref={box} class="chart-box" />
    </figure>
  );
}

const axisTime: uPlot.Axis = { values: (_u, ticks) => ticks.map((t) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })) };
// The legend names the series; the cursor's values would only repeat the figures beside it.
const legend: uPlot.Legend = { live: false };
/** Each count drawn flat across its interval, not as a slope between intervals. */
const steps = uPlot.paths.stepped?.({ align: 1 });
const callsOptions: Omit<uPlot.Options, 'width' | 'height'> = {
  legend,
  scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, max)] } },
  axes: [axisTime, { label: 'calls' }],
  series: [{}, ...([['offered', '#1a66d6'], ['answered', '#1a8a3a'], ['abandoned', '#c62828']] as const).map(([label, stroke]) => ({ label, stroke, width: 2, points: { show: false }, ...(steps ? { paths: steps } : {}) }))],
};
const levelOptions: Omit<uPlot.Options, 'width' | 'height'> = {
  legend,
  scales: { x: { time: true }, y: { range: [0, 100] } },
  axes: [axisTime, { label: '%' }],
  series: [{}, { label: 'service level', stroke: '#7b3fb0', width: 2, spanGaps: false, points: { show: true } }],
};

export function DayCharts({ rows, dayStart, queueIds, readAt, large }: { rows: IntervalRow[]; dayStart: number; queueIds: ReadonlySet<string>; readAt: number; large: boolean }) {
  const s = useMemo(() => daySeries(rows, dayStart, queueIds, readAt), [rows, dayStart, queueIds, readAt]);
  const calls = useMemo((): uPlot.AlignedData => [s.x, s.offered, s.answered, s.abandoned], [s]);
  const level = useMemo((): uPlot.AlignedData => [s.x, s.serviceLevel], [s]);
  const height = large ? 260 : 180;
  return (
    <div class="charts">
      <Chart id="chart-calls" title="Calls per 15 minutes" summary={`today: ${s.totals.offered} offered, ${s.totals.answered} answered, ${s.totals.abandoned} abandoned`}
        options={callsOptions} data={calls} height={height} />
      <Chart id="chart-service-level" title="Service level per 15 minutes" summary="answered within target ÷ handled"
        options={levelOptions} data={level} height={height} />
    </div>
  );
}

// One figure of a report over its period, a line per queue or agent (uPlot on a canvas), the
// time axis on the report's time zone's wall clock. An interval without a row is 0 for counts
// and seconds (nothing was recorded), a gap for rates and means. Drawn again for new rows or
// another figure.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { Json } from '../api.js';
import { intervalLabel, subjectOf, type Figure, type ReportInterval, type ReportKind } from './report-figures.js';

const palette = ['#1a66d6', '#c62828', '#1a8a3a', '#b26a00', '#6a3ab2', '#00838f', '#ad1457', '#5a6672'];

/** uPlot's data: the interval starts (seconds), then a line per subject (null where it has no row). */
function aligned(kind: ReportKind, rows: Json[], figure: Figure): { names: string[]; data: uPlot.AlignedData } {
  const xs = [...new Set(rows.map((r) => Date.parse(String(r.interval_start)) / 1000))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const lines = new Map<string, { name: string; values: (number | null)[] }>();
  for (const r of rows) {
    const { id, name } = subjectOf(kind, r);
    let line = lines.get(id);
    if (!line) lines.set(id, line = { name, values: xs.map(() => (figure.unit === 'ratio' || figure.average ? null : 0)) });
    const v = r[figure.key];
    line.values[at.get(Date.parse(String(r.interval_start)) / 1000) ?? 0] = v === null || v === undefined ? null : Number(v) * (figure.unit === 'ratio' ? 100 : 1);
  }
  return { names: [...lines.values()].map((l) => l.name), data: [xs, ...[...lines.values()].map((l) => l.values)] };
}

export function ReportChart({ kind, rows, figure, timeZone, interval, range }: { kind: ReportKind; rows: Json[]; figure: Figure; timeZone: string; interval: ReportInterval; range: [number, number] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || rows.length === 0) return undefined;
    const { names, data } = aligned(kind, rows, figure);
    const unit = figure.unit === 'ratio' ? '%' : figure.unit === 'seconds' ? ' s' : '';
    const plot = new uPlot({
      width: Math.max(320, el.clientWidth), height: 260,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      scales: { x: { time: true, range: () => range }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max)] } },
      // Days and weeks: a tick at each interval's start, named by its date.
      axes: [interval === 'day' || interval === 'week' ? { splits: () => [...data[0]], values: (_u, ticks) => ticks.map((t) => intervalLabel(new Date(t * 1000).toISOString(), timeZone, interval)) } : {}, { label: `${figure.label}${unit ? ` (${unit.trim()})` : ''}`, size: 60 }],
      series: [{ label: 'Interval' }, ...names.map((name, i) => ({ label: name, stroke: palette[i % palette.length] ?? '#5a6672', width: 2, spanGaps: false, points: { show: data[0].length < 60 } }))],
    }, data, el);
    return () => plot.destroy();
  }, [kind, rows, figure, timeZone, interval, range[0], range[1]]);
  return <div id="report-chart" class="report-chart" ref={box} aria-label={`${figure.label} per interval`} />;
}

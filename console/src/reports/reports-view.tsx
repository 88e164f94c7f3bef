// The reports view (issue 15): a queue or agent report (GET /api/reports/queues or /agents)
// over chosen calendar days, per interval in a time zone, for all or one queue or agent — a
// table of every figure, a chart of the one chosen, and the same report as a CSV download
// (fetched with the console's token, so a plain link could not do it).
import { useState } from 'preact/hooks';
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import { errorText, type Json } from '../api.js';
import { useChoices } from '../lookups.js';
import type { ViewContext } from '../views.js';
import { ReportChart } from './report-chart.js';
import { figuresOf, intervalLabel, periodRange, reportIntervals, reportPath, shown, subjectOf, type ReportChoice, type ReportInterval, type ReportKind } from './report-figures.js';

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const zones = Intl.supportedValuesOf('timeZone');
const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const intervalNames: Record<ReportInterval, string> = { '15m': '15 minutes', hour: 'Hour', day: 'Day', week: 'Week' };

export function ReportsView({ ctx }: { ctx: ViewContext }) {
  const [choice, setChoice] = useState<ReportChoice>({ kind: 'queues', from: daysAgo(6), to: daysAgo(0), interval: 'day', timeZone: browserZone, subject: '' });
  const [report, setReport] = useState<{ choice: ReportChoice; rows: Json[] } | null>(null);
  const [chartKey, setChartKey] = useState('answered');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const subjects = useChoices(ctx.lookups, choice.kind);
  const set = (patch: Partial<ReportChoice>): void => setChoice((c) => ({ ...c, ...patch }));

  const show = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError('');
    setBusy(true);
    try {
      setReport({ choice, rows: (await ctx.api.get<{ items: Json[] }>(reportPath(choice))).items });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const download = async (shownChoice: ReportChoice): Promise<void> => {
    setError('');
    try {
      const url = URL.createObjectURL(await ctx.api.blob('GET', reportPath(shownChoice, true)));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${shownChoice.kind}-${shownChoice.interval}-${shownChoice.from}-${shownChoice.to}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const figures = report ? figuresOf[report.choice.kind] : [];
  const chartable = figures.filter((f) => !f.per);
  const chartFigure = chartable.find((f) => f.key === chartKey) ?? chartable[0];
  return (
    <section aria-labelledby="page-title" class="page">
      <div class="page-head"><h2 id="page-title">Reports</h2></div>
      <form id="report-form" class="row report-form" onSubmit={(e) => void show(e)}>
        <div class="field"><label>Report
          <select id="report-kind" value={choice.kind} onChange={(e) => set({ kind: e.currentTarget.value as ReportKind, subject: '' })}>
            <option value="queues">Queues</option><option value="agents">Agents</option>
          </select></label></div>
        <div class="field"><label>From<input id="report-from" type="date" required value={choice.from} onInput={(e) => set({ from: e.currentTarget.value })} /></label></div>
        <div class="field"><label>To<input id="report-to" type="date" required value={choice.to} onInput={(e) => set({ to: e.currentTarget.value })} /></label></div>
        <div class="field"><label>Interval
          <select id="report-interval" value={choice.interval} onChange={(e) => set({ interval: e.currentTarget.value as ReportInterval })}>
            {reportIntervals.map((i) => <option key={i} value={i}>{intervalNames[i]}</option>)}
          </select></label></div>
        <div class="field"><label>Time zone<input id="report-time-zone" list="time-zones" required value={choice.timeZone} onInput={(e) => set({ timeZone: e.currentTarget.value })} /></label>
          <datalist id="time-zones">{zones.map((z) => <option key={z} value={z} />)}</datalist></div>
        <div class="field"><label>{choice.kind === 'queues' ? 'Queue' : 'Agent'}
          <select id="report-subject" value={choice.subject} onChange={(e) => set({ subject: e.currentTarget.value })}>
            <option value="">{choice.kind === 'queues' ? 'All queues' : 'All agents'}</option>
            {subjects.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select></label></div>
        <button type="submit" id="report-show" class="go" disabled={busy}>Show</button>
      </form>
      <ErrorLine id="page-error" text={error} />
      {report ? (
        <>
          <div class="row report-tools">
            <div class="field"><label>Chart
              <select id="report-figure" value={chartFigure?.key} onChange={(e) => setChartKey(e.currentTarget.value)}>
                {chartable.map((f) => <option key={f.key} value={f.key}>{f.label}</option>)}
              </select></label></div>
            <button type="button" id="report-csv" onClick={() => void download(report.choice)}>Download CSV</button>
            <p class="dim" role="status">{report.rows.length} rows</p>
          </div>
          {chartFigure && report.rows.length ? <ReportChart kind={report.choice.kind} rows={report.rows} figure={chartFigure} timeZone={report.choice.timeZone} interval={report.choice.interval} range={periodRange(report.choice)} /> : null}
          <div class="report-table-box">
            <table id="report-table" aria-label={`${report.choice.kind === 'queues' ? 'Queue' : 'Agent'} report`}>
              <thead><tr>
                <th scope="col">{report.choice.kind === 'queues' ? 'Queue' : 'Agent'}</th><th scope="col">Interval</th>
                {figures.map((f) => <th key={f.key} scope="col" data-figure={f.key}>{f.label}</th>)}
              </tr></thead>
              <tbody>
                {report.rows.map((r) => (
                  <tr key={`${subjectOf(report.choice.kind, r).id} ${String(r.interval_start)}`}>
                    <th scope="row">{subjectOf(report.choice.kind, r).name}</th>
                    <td>{intervalLabel(String(r.interval_start), report.choice.timeZone, report.choice.interval)}</td>
                    {figures.map((f) => <td key={f.key} data-figure={f.key}>{shown(f, r[f.key])}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.rows.length ? null : <p class="dim">Nothing recorded in this period.</p>}
        </>
      ) : null}
    </section>
  );
}

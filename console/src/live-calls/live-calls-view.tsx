// Live calls: the calls in progress of the supervisor's queues (an admin's: all) — agent,
// caller, queue, time — with Listen, Whisper and Barge (the first rings the supervisor's own
// softphone, which answers it; the others switch the mode during the call, no re-dial) and
// Stop. The mode in use is shown on its row and pressed on its button.
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import { Timer } from '../../../softphone/src/ui/timer.js';
import type { ViewContext } from '../views.js';
import { useLiveCalls } from './use-live-calls.js';
import { MONITOR_MODES, useMonitor, type MonitorMode } from './use-monitor.js';

const MODE_BUTTON: Record<MonitorMode, string> = { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' };
const MODE_SHOWN: Record<MonitorMode, string> = { listen: 'Listening', whisper: 'Whispering to the agent', barge: 'Barged in' };

export function LiveCallsView({ ctx }: { ctx: ViewContext }) {
  const monitor = useMonitor(ctx.api);
  const { calls, error, live, reload } = useLiveCalls(ctx.api, ctx.lookups, monitor.ended);
  const after = (stale: boolean): void => {
    if (stale) void reload();
  };
  return (
    <section aria-labelledby="page-title" class="page">
      <div class="page-head">
        <h2 id="page-title">Live calls</h2>
        <span id="live-calls-feed" class="pill" data-status={live ? 'up' : 'down'}>{live ? 'live' : 'reconnecting…'}</span>
      </div>
      <p class="dim">Listen, Whisper and Barge ring your softphone (signed in with your agent account): it answers by itself.</p>
      <ErrorLine id="live-calls-error" text={monitor.error || error} />
      <table id="live-calls-list" aria-label="Calls in progress">
        <thead><tr><th scope="col">Agent</th><th scope="col">Caller</th><th scope="col">Queue</th><th scope="col">Time</th><th scope="col">Monitoring</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {calls.map((call) => {
            const mine = monitor.monitoring?.callId === call.id ? monitor.monitoring : null;
            const waiting = monitor.pending === call.id;
            return (
              <tr key={call.id} data-call-id={call.id} data-mode={mine?.mode}>
                <th scope="row">{call.agent}</th>
                <td>{call.caller}</td>
                <td>{call.queue}</td>
                <td><Timer since={call.answeredAt} label="Call time" /></td>
                <td class="monitor-mode">{mine ? MODE_SHOWN[mine.mode] : ''}</td>
                <td class="row-actions"><div role="group" aria-label={`Monitor the call of ${call.caller}`}>
                  {MONITOR_MODES.map((mode) => (
                    <button key={mode} type="button" aria-pressed={mine?.mode === mode} disabled={waiting}
                      onClick={() => void monitor.choose(call.id, mode).then(after)}>{MODE_BUTTON[mode]}</button>
                  ))}
                  <button type="button" class="stop" disabled={!mine || waiting} onClick={() => void monitor.stop(call.id).then(after)}>Stop</button>
                </div></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {calls.length ? null : <p id="no-live-calls" class="dim">No call in progress.</p>}
    </section>
  );
}

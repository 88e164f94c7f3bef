// The agents on the wallboard: name, the ACD's state (with its reason), the time in that state
// ticking, and the call the agent is on with the queue it came from. Large mode keeps name,
// state and time. The time counts from the ACD's `since`, measured on the ACD's clock (its
// `at`), so a browser whose clock is off still shows the right time.
import { Pill } from '../../../softphone/src/ui/pill.js';
import { formatElapsed } from '../../../softphone/src/ui/clock.js';
import { useNow } from '../../../softphone/src/ui/use-now.js';
import type { AgentRow, QueueBoard } from './wallboard-data.js';

function TimeInState({ elapsedAtRead, readAt }: { elapsedAtRead: number; readAt: number }) {
  const now = useNow(true);
  return <span class="timer">{formatElapsed(elapsedAtRead + Math.max(0, now - readAt))}</span>;
}

function queueOf(a: AgentRow, queues: QueueBoard[]): string {
  if (!a.call_id) return '';
  if (!a.queue_id) return 'direct call';
  return queues.find((q) => q.queue_id === a.queue_id)?.name ?? 'another queue';
}

export function AgentGrid({ agents, queues, large, at, readAt }: { agents: AgentRow[]; queues: QueueBoard[]; large: boolean; at: number; readAt: number }) {
  const sorted = [...agents].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <table id="wallboard-agents" aria-label="Agents">
      <thead>
        <tr>
          <th scope="col">Agent</th><th scope="col">State</th><th scope="col">Time in state</th>
          {large ? null : <><th scope="col">Call</th><th scope="col">Queue</th></>}
        </tr>
      </thead>
      <tbody>
        {sorted.map((a) => (
          <tr key={a.agent_id} data-agent={a.name}>
            <th scope="row">{a.name}</th>
            <td data-figure="state"><Pill data-state={a.state}>{a.state}</Pill>{a.reason ? <span class="reason"> {a.reason}</span> : null}</td>
            <td data-figure="time-in-state"><TimeInState elapsedAtRead={at - Date.parse(a.since)} readAt={readAt} /></td>
            {large ? null : (
              <>
                <td data-figure="call">{a.call_id ? <code title={a.call_id}>{a.call_id.slice(0, 8)}</code> : ''}</td>
                <td data-figure="queue">{queueOf(a, queues)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

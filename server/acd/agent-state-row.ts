// AgentState ↔ agent_state_events row. The table predates the ACD's vocabulary:
// `offline` is logged-out (`reason`: why the system logged the agent out) and `away` is not-ready. On on-call and wrap-up rows, `reason` holds
// the not-ready the agent asked for during the call. The call id of ringing/on-call/wrap-up is
// not stored (no column); after a restart such a state refers to `callLostInRestart`.
import type { AgentState as DbAgentState } from '../db/index.js';
import type { AgentState } from './agent-state.types.js';

export const callLostInRestart = 'lost-in-restart';

export function toRow(state: AgentState): { state: DbAgentState; reason: string | null } {
  switch (state.status) {
    case 'logged-out': return { state: 'offline', reason: state.reason ?? null };
    case 'not-ready': return { state: 'away', reason: state.reason };
    case 'on-call':
    case 'wrap-up': return { state: state.status, reason: state.pendingNotReady ?? null };
    default: return { state: state.status, reason: null };
  }
}

export function fromRow(row: { state: DbAgentState; reason: string | null }): AgentState {
  const pending = row.reason === null ? {} : { pendingNotReady: row.reason };
  switch (row.state) {
    case 'offline': return row.reason === null ? { status: 'logged-out' } : { status: 'logged-out', reason: row.reason };
    case 'away': return { status: 'not-ready', reason: row.reason ?? 'unknown' };
    case 'available': return { status: 'available' };
    case 'ringing': return { status: 'ringing', callId: callLostInRestart };
    case 'on-call':
    case 'wrap-up': return { status: row.state, callId: callLostInRestart, ...pending };
  }
}

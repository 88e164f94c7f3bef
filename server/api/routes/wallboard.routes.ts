// /api/wallboard — what a supervisor's wall shows, for the queues they supervise (admins: all):
// per queue, who waits now and the longest wait (the ACD, live), the agents by state, and the
// figures of today and the last 15, 30 and 60 minutes (server/db/queue-figures.ts, defined in
// docs/wallboard.md); and the grid of the queues' agents: state, since when, the current call.
import type { ApiContext } from '../api-context.js';
import { ApiError } from '../http/api-error.js';
import { queueFigures, SHORT_ABANDON_SECONDS, type QueueFigures } from '../../db/queue-figures.js';
import { s } from '../../validation/schema.js';

/** A part of a call (`<call>:caller`, a conference party) names its call. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const WINDOWS = { last_15_min: 15, last_30_min: 30, last_60_min: 60 } as const;

export const figures = s.object({
  offered: s.integer(), answered: s.integer(), answered_within_target: s.integer(), abandoned: s.integer(), short_abandoned: s.integer(), overflowed: s.integer(), transferred: s.integer(),
  service_level: s.number().nullable(), abandon_rate: s.number().nullable(), asa_seconds: s.number().nullable(), aht_seconds: s.number().nullable(),
});
const wallboardView = s.object({
  at: s.dateTime(),
  short_abandon_seconds: s.integer(),
  queues: s.array(s.object({
    queue_id: s.string(), name: s.string(), service_level_seconds: s.integer(),
    waiting: s.integer(), longest_wait_seconds: s.integer(), agents: s.record(s.integer()),
    today: figures, last_15_min: figures, last_30_min: figures, last_60_min: figures,
  })),
  agents: s.array(s.object({ agent_id: s.string(), name: s.string(), state: s.string(), reason: s.string().nullable(), since: s.dateTime(), call_id: s.string().nullable(), queue_id: s.string().nullable().describe('the queue the current call came from (null: none, or a direct call)') })),
});

/** Local midnight of the server's time zone (TZ): the wallboard's "today". */
function startOfToday(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

export function wallboardRoutes({ routes, db, repos, agentControl }: ApiContext): void {
  routes.add(['admin', 'supervisor'], {
    method: 'get', path: '/wallboard', tag: 'reports', summary: 'Queues now (waiting, longest wait, agents by state) with today\'s and the last 15/30/60 minutes\' figures, and the agents\' grid',
    response: wallboardView,
  }, async ({ auth }) => {
    if (!agentControl) throw new ApiError(503, 'the wallboard needs the ACD (no call center in this process)');
    const scope = await auth.scope();
    const snapshot = agentControl.snapshot();
    const now = new Date(snapshot.at);
    const live = snapshot.queues.filter((q) => !scope.queueIds || scope.queueIds.includes(q.queueId));
    const ids = live.map((q) => q.queueId);
    const periods = { today: startOfToday(now), ...Object.fromEntries(Object.entries(WINDOWS).map(([k, min]) => [k, new Date(now.getTime() - min * 60_000)])) } as Record<'today' | keyof typeof WINDOWS, Date>;
    const byPeriod = Object.fromEntries(await Promise.all(Object.entries(periods).map(async ([k, since]) => {
      const rows = await queueFigures(db, { since, until: new Date(now.getTime() + 1000) }, ids);
      return [k, new Map(rows.map((r) => [r.queue_id, r]))] as const;
    }))) as Record<keyof typeof periods, Map<string, QueueFigures>>;
    const configs = new Map((await Promise.all(ids.map((id) => repos.queues.get(id)))).filter((q) => q !== undefined).map((q) => [q.id, q]));
    const strip = (f: QueueFigures | undefined) => {
      const { queue_id: _id, ...rest } = f ?? emptyFigures();
      return rest;
    };
    // A supervisor sees the agents of their queues; an admin every agent.
    const memberAgents = scope.queueIds ? new Set((await Promise.all(ids.map((id) => repos.queues.listMembers(id)))).flat().map((m) => m.agent_id)) : undefined;
    const agents = snapshot.agents.filter((a) => !memberAgents || memberAgents.has(a.agentId));
    // The grid names the queue of each agent's call: the call record knows it, the ACD's agent not.
    const callQueue = new Map(await Promise.all(agents.map(async (a) => {
      const callId = UUID.exec(a.callId ?? '')?.[0] ?? null;
      return [a.agentId, { callId, queueId: callId ? (await repos.calls.get(callId))?.queue_id ?? null : null }] as const;
    })));
    return {
      at: now.toISOString(), short_abandon_seconds: SHORT_ABANDON_SECONDS,
      queues: live.map((q) => ({
        queue_id: q.queueId, name: q.name, service_level_seconds: configs.get(q.queueId)?.service_level_seconds ?? 0,
        waiting: q.waiting.length, longest_wait_seconds: q.longestWaitSeconds, agents: q.agents,
        today: strip(byPeriod.today.get(q.queueId)), last_15_min: strip(byPeriod.last_15_min.get(q.queueId)),
        last_30_min: strip(byPeriod.last_30_min.get(q.queueId)), last_60_min: strip(byPeriod.last_60_min.get(q.queueId)),
      })),
      agents: agents.map((a) => ({
        agent_id: a.agentId, name: a.name, state: a.status, reason: a.reason ?? a.pendingNotReady ?? null,
        since: new Date(snapshot.at - a.sinceSeconds * 1000).toISOString(),
        call_id: callQueue.get(a.agentId)?.callId ?? null, queue_id: callQueue.get(a.agentId)?.queueId ?? null,
      })),
    };
  });
}

function emptyFigures(): QueueFigures {
  return { queue_id: '', offered: 0, answered: 0, answered_within_target: 0, abandoned: 0, short_abandoned: 0, overflowed: 0, transferred: 0, service_level: null, abandon_rate: null, asa_seconds: null, aht_seconds: null };
}

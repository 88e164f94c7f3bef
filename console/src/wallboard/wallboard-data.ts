// What the wallboard reads: GET /api/wallboard (figures defined in docs/wallboard.md) and the
// day's 15-minute rows of GET /api/reports/queues, checked field by field as they arrive, so a
// server answering something else shows as an error naming the field, not as a broken board.

/** The figures of one period (today, or the last 15/30/60 minutes). */
export interface Figures {
  offered: number;
  answered: number;
  answered_within_target: number;
  abandoned: number;
  short_abandoned: number;
  overflowed: number;
  service_level: number | null;
  abandon_rate: number | null;
  asa_seconds: number | null;
  aht_seconds: number | null;
}

/** The periods the window switch chooses between, as the API names them. */
export const PERIODS = ['today', 'last_15_min', 'last_30_min', 'last_60_min'] as const;
export type Period = (typeof PERIODS)[number];

export interface QueueBoard extends Record<Period, Figures> {
  queue_id: string;
  name: string;
  service_level_seconds: number;
  waiting: number;
  longest_wait_seconds: number;
  agents: Record<string, number>;
}

export interface AgentRow {
  agent_id: string;
  name: string;
  state: string;
  reason: string | null;
  since: string;
  call_id: string | null;
  queue_id: string | null;
}

export interface Wallboard {
  /** The ACD's time of the snapshot (epoch ms): the live figures are as of then. */
  at: number;
  queues: QueueBoard[];
  agents: AgentRow[];
}

/** One 15-minute row of the queue report. */
export interface IntervalRow {
  queue_id: string;
  interval_start: number;
  offered: number;
  answered: number;
  answered_within_target: number;
  abandoned: number;
  overflowed: number;
}

type Obj = Record<string, unknown>;

function obj(v: unknown, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`the server's answer is not as expected: ${at} is not an object`);
  return v as Obj;
}
function list(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`the server's answer is not as expected: ${at} is not a list`);
  return v;
}
function num(o: Obj, k: string, at: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`the server's answer is not as expected: ${at}.${k} is not a number`);
  return v;
}
function numOrNull(o: Obj, k: string, at: string): number | null {
  return o[k] === null ? null : num(o, k, at);
}
function str(o: Obj, k: string, at: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new Error(`the server's answer is not as expected: ${at}.${k} is not text`);
  return v;
}
function strOrNull(o: Obj, k: string, at: string): string | null {
  return o[k] === null ? null : str(o, k, at);
}
function time(o: Obj, k: string, at: string): number {
  const ms = Date.parse(str(o, k, at));
  if (Number.isNaN(ms)) throw new Error(`the server's answer is not as expected: ${at}.${k} is not a time`);
  return ms;
}

function figures(v: unknown, at: string): Figures {
  const o = obj(v, at);
  return {
    offered: num(o, 'offered', at), answered: num(o, 'answered', at), answered_within_target: num(o, 'answered_within_target', at),
    abandoned: num(o, 'abandoned', at), short_abandoned: num(o, 'short_abandoned', at), overflowed: num(o, 'overflowed', at),
    service_level: numOrNull(o, 'service_level', at), abandon_rate: numOrNull(o, 'abandon_rate', at),
    asa_seconds: numOrNull(o, 'asa_seconds', at), aht_seconds: numOrNull(o, 'aht_seconds', at),
  };
}

export function parseWallboard(json: unknown): Wallboard {
  const o = obj(json, 'wallboard');
  const queues = list(o.queues, 'queues').map((v, i): QueueBoard => {
    const at = `queues[${i}]`;
    const q = obj(v, at);
    const agents = obj(q.agents, `${at}.agents`);
    return {
      queue_id: str(q, 'queue_id', at), name: str(q, 'name', at), service_level_seconds: num(q, 'service_level_seconds', at),
      waiting: num(q, 'waiting', at), longest_wait_seconds: num(q, 'longest_wait_seconds', at),
      agents: Object.fromEntries(Object.keys(agents).map((k) => [k, num(agents, k, `${at}.agents`)])),
      today: figures(q.today, `${at}.today`), last_15_min: figures(q.last_15_min, `${at}.last_15_min`),
      last_30_min: figures(q.last_30_min, `${at}.last_30_min`), last_60_min: figures(q.last_60_min, `${at}.last_60_min`),
    };
  });
  const agents = list(o.agents, 'agents').map((v, i): AgentRow => {
    const at = `agents[${i}]`;
    const a = obj(v, at);
    time(a, 'since', at);
    return {
      agent_id: str(a, 'agent_id', at), name: str(a, 'name', at), state: str(a, 'state', at), reason: strOrNull(a, 'reason', at),
      since: str(a, 'since', at), call_id: strOrNull(a, 'call_id', at), queue_id: strOrNull(a, 'queue_id', at),
    };
  });
  return { at: time(o, 'at', 'wallboard'), queues, agents };
}

export function parseIntervals(json: unknown): IntervalRow[] {
  return list(obj(json, 'report').items, 'items').map((v, i) => {
    const at = `items[${i}]`;
    const r = obj(v, at);
    return {
      queue_id: str(r, 'queue_id', at), interval_start: time(r, 'interval_start', at), offered: num(r, 'offered', at), answered: num(r, 'answered', at),
      answered_within_target: num(r, 'answered_within_target', at), abandoned: num(r, 'abandoned', at), overflowed: num(r, 'overflowed', at),
    };
  });
}

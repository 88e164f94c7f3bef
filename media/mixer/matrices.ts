// The mixes the call center needs, written once as gain matrices over party ids.
import type { GainMatrix } from './types.js';

/** Everyone hears everyone else, not themselves. */
export function conference(ids: readonly string[]): GainMatrix {
  return Object.fromEntries(ids.map((l) => [l, Object.fromEntries(ids.filter((s) => s !== l).map((s) => [s, 1]))]));
}

/** Agent consults target; the held caller hears nobody (music comes from a `music` party if given). */
export function consult(p: { caller: string; agent: string; target: string; music?: string }): GainMatrix {
  return { [p.caller]: p.music ? { [p.music]: 1 } : {}, [p.agent]: { [p.target]: 1 }, [p.target]: { [p.agent]: 1 } };
}

/**
 * A supervisor on top of any mix of the others (`base`: a conference, a consult):
 * - listen: the supervisor hears every other party, nobody hears the supervisor;
 * - whisper: as listen, and the agents hear the supervisor too (the caller does not);
 * - barge: as listen, and everyone hears the supervisor.
 */
export function withMonitor(base: GainMatrix, p: { supervisor: string; others: readonly string[]; agents: readonly string[]; mode: 'listen' | 'whisper' | 'barge' }): GainMatrix {
  const hearers = p.mode === 'listen' ? [] : p.mode === 'whisper' ? p.agents : p.others;
  const matrix: GainMatrix = { [p.supervisor]: Object.fromEntries(p.others.map((id) => [id, 1])) };
  for (const id of p.others) matrix[id] = { ...(base[id] ?? {}), ...(hearers.includes(id) ? { [p.supervisor]: 1 } : {}) };
  return matrix;
}

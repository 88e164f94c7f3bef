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

/** Supervisor hears both; nobody hears the supervisor. */
export function listen(p: { caller: string; agent: string; supervisor: string }): GainMatrix {
  return { [p.caller]: { [p.agent]: 1 }, [p.agent]: { [p.caller]: 1 }, [p.supervisor]: { [p.caller]: 1, [p.agent]: 1 } };
}

/** As listen, and the agent also hears the supervisor; the caller does not. */
export function whisper(p: { caller: string; agent: string; supervisor: string }): GainMatrix {
  return { ...listen(p), [p.agent]: { [p.caller]: 1, [p.supervisor]: 1 } };
}

/** All three hear each other. */
export function barge(p: { caller: string; agent: string; supervisor: string }): GainMatrix {
  return conference([p.caller, p.agent, p.supervisor]);
}

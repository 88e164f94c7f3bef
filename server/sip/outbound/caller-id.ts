// The caller id of an outbound call, by the admin's policy: the agent's own outbound_caller_id,
// else the trunk's default_caller_id. Either must be one of the center's numbers (a row of
// `numbers`), checked again at call time so a number released since is never sent; without
// one the trunk is not used (never an arbitrary or the phone's own From).
import type { Repositories, Row } from '../../db/index.js';

export async function resolveCallerId(repos: Repositories, agent: Pick<Row<'agents'>, 'outbound_caller_id'>, trunk: Pick<Row<'trunks'>, 'default_caller_id'>): Promise<string | undefined> {
  for (const candidate of [agent.outbound_caller_id, trunk.default_caller_id]) {
    if (candidate && (await repos.numbers.findByE164(candidate))) return candidate;
  }
  return undefined;
}

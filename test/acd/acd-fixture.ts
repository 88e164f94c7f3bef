// Agents, a queue and call records in a real database (Postgres or PGlite), and an
// AcdService over them through the real repositories. The clock is the fake one (started at
// the real time) so ring timeouts and wrap-ups run instantly and the stored times are sane.
import type { Kysely } from 'kysely';
import { AcdService } from '../../server/acd/acd-service.js';
import type { QueueFact } from '../../server/acd/acd-service.types.js';
import { queueFactPatch } from '../../server/sip/calls/call-record.js';
import { createAcdStore } from '../../server/acd/acd-store.js';
import { createRepositories, type Database, type NewRow, type Repositories } from '../../server/db/index.js';
import { watch } from '../unit/acd/acd-rig.js';
import { FakeClock } from '../unit/acd/fake-clock.js';

export interface AcdFixture {
  repos: Repositories;
  agentIds: string[];
  queueId: string;
  newCall(from?: string): Promise<string>;
}

let serial = 0;

export async function seed(db: Kysely<Database>, agents: number, queue: Partial<NewRow<'queues'>> = {}): Promise<AcdFixture> {
  const repos = createRepositories(db, { sipRealm: 'switchboard.test' });
  const run = ++serial;
  const agentIds: string[] = [];
  for (let i = 0; i < agents; i++) {
    const name = `agent-${run}-${i}`;
    const row = await repos.agents.create({ name, extension: `${run}${100 + i}`, sip_username: name, sip_password: 'secret-for-tests', user_id: null });
    agentIds.push(row.id);
  }
  const q = await repos.queues.create({ name: `queue-${run}`, strategy: 'longest-idle', ...queue });
  for (const agentId of agentIds) await repos.queues.addMember(q.id, { agent_id: agentId });
  return {
    repos, agentIds, queueId: q.id,
    async newCall(from = '+15550100') {
      const call = await repos.calls.create({ direction: 'inbound', from_number: from, to_number: '+18005550199' });
      return call.id;
    },
  };
}

/**
 * `facts`: the queue facts the ACD reported. A call's own record writes them into `calls`;
 * with no call objects here, the fixture applies them the same way (queueFactPatch), in order.
 * flush() waits for those writes.
 */
export interface Running { acd: AcdService; clock: FakeClock; log: string[]; facts: QueueFact[]; advance(seconds: number): Promise<void>; flush(): Promise<void> }

export async function startAcd(repos: Repositories, clock = new FakeClock(Date.now())): Promise<Running> {
  const acd = new AcdService({ store: createAcdStore(repos), clock });
  const log: string[] = [];
  const facts: QueueFact[] = [];
  watch(acd, log);
  let writes = Promise.resolve();
  acd.on('queue-fact', (f) => {
    facts.push(f);
    writes = writes.then(async () => { await repos.calls.update(f.callId, queueFactPatch(f)); });
  });
  await acd.load();
  return { acd, clock, log, facts, flush: () => writes, advance: (seconds) => clock.advance(seconds * 1000, () => acd.settled()) };
}

// ACD benchmark (prints figures, asserts nothing).
//  1. Call cycles through AcdService on the benchmark Postgres (BENCH_DATABASE_URL), system
//     clock: enqueue → offer → answered → agent hangs up, 20 agents, no wrap-up. Each cycle
//     writes 4 queue events, 3 agent states and 2 call updates, all recorded before announced.
//  2. The same service on an in-memory store with many callers waiting and many agents, to
//     see the cost of one command (dispatch walks every waiting call).
//  3. EWT accuracy (acd/ewt-accuracy.ts): Poisson arrivals, exponential handle times, 20 to 200
//     agents at 70/85/95 % occupancy, on the SimClock; the estimate announced at entry against
//     the real wait, beside Asterisk app_queue's on the same calls.
//  4. Decision time (acd/decision-time.ts): 1,000 waiting calls, 500 agents in 20 queues with
//     skill steps, p50/p99 of the ACD's dispatch (wall clock, best of 3 runs) and of the CPU
//     time of the command around it; the baseline is the same without skills.
//   npm run bench:acd      (ACD_BENCH_CALLS=1000 for a longer Postgres run, ACD_BENCH_EWT_CALLS
//   callers per EWT run, 20,000 by default; ACD_BENCH_DECISIONS decisions timed, 2,000 by default)
import { AcdService } from '../../server/acd/acd-service.js';
import { createAcdStore } from '../../server/acd/acd-store.js';
import { createRepositories } from '../../server/db/index.js';
import { createTestDatabase } from '../db/test-databases.js';
import { agentConfig, MemoryStore, queueConfig } from '../unit/acd/memory-store.js';
import { percentile } from './bench-database.js';
import { printDecisionTimes } from './acd/decision-time.js';
import { printEwtAccuracy } from './acd/ewt-accuracy.js';

const calls = Number(process.env.ACD_BENCH_CALLS ?? 300);

/** Runs `calls` cycles, `parallel` at a time; answers every offer at once and hangs up at once. */
async function cycles(acd: AcdService, queueId: string, newCall: () => Promise<string>, total: number, parallel: number): Promise<{ perSecond: number; p50: number; p95: number }> {
  const answered = new Map<string, () => void>();
  acd.on('offer', (o) => {
    void acd.answered(o.callId, o.agentId).then(() => answered.get(o.callId)?.());
  });
  const ids: string[] = [];
  for (let i = 0; i < total; i++) ids.push(await newCall());
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < ids.length) {
      const callId = ids[next++] ?? '';
      const t0 = performance.now();
      const connected = new Promise<void>((resolve) => answered.set(callId, resolve));
      await acd.enqueue({ callId, queueId, callerNumber: '+15550100' });
      await connected;
      latencies.push(performance.now() - t0);
      await acd.agentHungUp(callId);
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

const serverUrl = process.env.BENCH_DATABASE_URL;
if (!serverUrl) throw new Error('BENCH_DATABASE_URL is not set: run through scripts/run-bench.mjs');
// A fresh database on the benchmark server, made the way the tests make theirs.
process.env.TEST_DATABASE_URL = serverUrl;
const database = await createTestDatabase('postgres');
try {
  const repos = createRepositories(database.db, { sipRealm: 'switchboard' });
  const queue = await repos.queues.create({ name: 'bench', strategy: 'longest-idle' });
  const acd = new AcdService({ store: createAcdStore(repos) });
  const agentIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const agent = await repos.agents.create({ name: `agent ${i}`, extension: String(1000 + i), sip_username: `agent${i}`, sip_password: 'bench-password' });
    await repos.queues.addMember(queue.id, { agent_id: agent.id });
    agentIds.push(agent.id);
  }
  await acd.load();
  for (const id of agentIds) await acd.agentLogin(id);
  const newCall = async () => (await repos.calls.create({ direction: 'inbound', from_number: '+15550100', to_number: '+18005550199' })).id;
  const r = await cycles(acd, queue.id, newCall, calls, 10);
  console.log(`postgres: ${calls} call cycles, 10 in parallel: ${r.perSecond.toFixed(0)} calls/s; enqueue→answered p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`);
  await acd.close();
} finally {
  await database.drop();
}

// In memory: 500 agents all busy, 2000 callers waiting; time per command.
{
  const agentIds = Array.from({ length: 500 }, (_, i) => `a${i}`);
  const store = new MemoryStore(agentIds.map((id) => agentConfig(id)), [queueConfig('q', agentIds)]);
  const acd = new AcdService({ store });
  await acd.load();
  for (const id of agentIds) await acd.agentLogin(id);
  for (let i = 0; i < 500; i++) await acd.enqueue({ callId: `busy${i}`, queueId: 'q', callerNumber: '1' });
  const t0 = performance.now();
  for (let i = 0; i < 2000; i++) await acd.enqueue({ callId: `w${i}`, queueId: 'q', callerNumber: '1' });
  const perEnqueue = (performance.now() - t0) / 2000;
  const t1 = performance.now();
  // Each agent declines and comes back: two commands, the second offers it the next of ~2000 waiting calls.
  for (let i = 0; i < 200; i++) {
    await acd.noAnswer(`busy${i}`, `a${i}`, 'busy');
    await acd.agentReady(`a${i}`);
  }
  const perFreedAgent = (performance.now() - t1) / 200;
  console.log(`memory: 500 agents, 2000 waiting: enqueue ${perEnqueue.toFixed(2)} ms per command; agent declines, goes ready and is offered the next call: ${perFreedAgent.toFixed(2)} ms`);
  await acd.close();
}

await printEwtAccuracy(Number(process.env.ACD_BENCH_EWT_CALLS ?? 20_000));
await printDecisionTimes(Number(process.env.ACD_BENCH_DECISIONS ?? 2000));

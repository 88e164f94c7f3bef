// ACD decision time (issue 16): 500 agents, each a member of 3 of 20 queues, all on calls,
// 1,000 callers waiting across the queues; then again and again one agent hangs up and the
// ACD decides which waiting call to offer them (dispatch: the calls of every queue in service
// order, each through its routing step's skills; the 'dispatched' event times it), the agent
// answers, and a new caller arrives to keep 1,000 waiting. With skills, each queue asks for its
// language at >=4 for 30 s, then >=2 for 30 s, then anyone, and the waiting calls' ages spread
// over 90 s so all three steps are live; the baseline is the same center without skill steps.
import { availableParallelism, loadavg } from 'node:os';
import { AcdService } from '../../../server/acd/acd-service.js';
import type { SkillStep } from '../../../server/db/index.js';
import { agentConfig, queueConfig } from '../../unit/acd/memory-store.js';
import { ForgetfulStore } from './forgetful-store.js';
import { percentile } from '../bench-database.js';
import { seeded } from './random.js';
import { SimClock } from './sim-clock.js';

const AGENTS = 500;
const QUEUES = 20;
const WAITING = 1000;
const WARM_UP = 200;
const languages = ['english', 'spanish', 'french', 'german', 'italian'];

export interface DecisionTimes { decisions: number; dispatchP50: number; dispatchP99: number; commandP50: number; commandP99: number; unmatched: number }

const stepsFor = (queue: number): SkillStep[] => {
  const skill = languages[queue % languages.length] ?? 'english';
  return [{ require: [{ skill, min: 4 }], seconds: 30 }, { require: [{ skill, min: 2 }], seconds: 30 }];
};

export async function decisionTimes(withSkills: boolean, rounds: number, seed = 7): Promise<DecisionTimes> {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const level = () => 1 + Math.floor(random() * 5);
  const agentIds = Array.from({ length: AGENTS }, (_, i) => `a${i}`);
  const agents = agentIds.map((id) => agentConfig(id, 0, { english: level(), [pick(languages.slice(1))]: level() }));
  const queues = Array.from({ length: QUEUES }, (_, q) => queueConfig(`q${q}`, agentIds.filter((_, i) => [i % QUEUES, (i + 7) % QUEUES, (i + 13) % QUEUES].includes(q)), {
    skillSteps: withSkills ? stepsFor(q) : [],
  }));
  const clock = new SimClock();
  const acd = new AcdService({ store: new ForgetfulStore(agents, queues), clock });
  const settle = () => acd.settled();
  await acd.load();
  for (const id of agentIds) await acd.agentLogin(id);

  // Every agent busy: on a call of their own (direct), then on the queue calls they answer.
  const busy = new Map<string, string>();
  for (const id of agentIds) {
    await acd.directCall(`direct-${id}`, id);
    busy.set(id, `direct-${id}`);
  }
  let offers = 0;
  acd.on('offer', (o) => {
    offers += 1;
    busy.set(o.agentId, o.callId);
    void acd.answered(o.callId, o.agentId);
  });
  let callSeq = 0;
  const newCaller = () => acd.enqueue({ callId: `w${callSeq++}`, queueId: `q${Math.floor(random() * QUEUES)}`, callerNumber: '+15550100' });
  for (let i = 0; i < WAITING; i++) {
    await newCaller();
    await clock.advance(90_000 / WAITING, settle);
  }

  const dispatchMs: number[] = [];
  const commandMs: number[] = [];
  let timing = false;
  acd.on('dispatched', (d) => {
    if (!timing) return;
    dispatchMs.push(d.ms);
    timing = false;
  });
  let unmatched = 0;
  for (let r = 0; r < WARM_UP + rounds; r++) {
    const agentId = pick([...busy.keys()]);
    const callId = busy.get(agentId) ?? '';
    busy.delete(agentId);
    const offeredBefore = offers;
    // The first rounds warm the JIT up and are not counted.
    const measured = r >= WARM_UP;
    timing = measured;
    const t0 = performance.now();
    await acd.agentHungUp(callId);
    if (measured) commandMs.push(performance.now() - t0);
    await settle();
    if (measured && offers === offeredBefore) unmatched += 1;
    while (callSeq - offers < WAITING) await newCaller();
    await clock.advance(100, settle);
  }
  await acd.close();
  dispatchMs.sort((a, b) => a - b);
  commandMs.sort((a, b) => a - b);
  return {
    decisions: dispatchMs.length, unmatched,
    dispatchP50: percentile(dispatchMs, 50), dispatchP99: percentile(dispatchMs, 99),
    commandP50: percentile(commandMs, 50), commandP99: percentile(commandMs, 99),
  };
}

export async function printDecisionTimes(rounds: number): Promise<void> {
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  console.log(`\ndecision time: ${WAITING} waiting calls, ${AGENTS} agents in ${QUEUES} queues (3 queues each), one agent freed per decision (after ${WARM_UP} unmeasured to warm up); goal p99 < 5 ms (machine load average ${load} on ${availableParallelism()} CPUs: wall-clock tails include time other processes held the CPU)`);
  for (const withSkills of [false, true]) {
    const r = await decisionTimes(withSkills, rounds);
    const label = withSkills ? 'skill steps (language>=4 30 s, >=2 30 s, anyone)' : 'baseline, no skills';
    console.log(`  ${label.padEnd(50)} dispatch p50 ${ms(r.dispatchP50)}, p99 ${ms(r.dispatchP99)}; the whole hang-up command p50 ${ms(r.commandP50)}, p99 ${ms(r.commandP99)} (${r.decisions} decisions, ${r.unmatched} found no call for the agent)`);
  }
}

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
import { seeded } from '../../helpers/seeded-random.js';
import { SimClock } from './sim-clock.js';

const AGENTS = 500;
const QUEUES = 20;
const WAITING = 1000;
const WARM_UP = 200;
const languages = ['english', 'spanish', 'french', 'german', 'italian'];

/**
 * dispatch: wall clock of the decision (the 'dispatched' event). commandCpu: the process's CPU
 * time over the whole hang-up command (dispatch included), blind to the time other processes
 * held the CPU, which on a shared machine makes most of a wall-clock p99.
 */
export interface DecisionTimes { decisions: number; dispatchP50: number; dispatchP99: number; commandCpuP50: number; commandCpuP99: number; unmatched: number }

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
  const commandCpuMs: number[] = [];
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
    const t0 = process.cpuUsage();
    await acd.agentHungUp(callId);
    const used = process.cpuUsage(t0);
    if (measured) commandCpuMs.push((used.user + used.system) / 1000);
    await settle();
    if (measured && offers === offeredBefore) unmatched += 1;
    while (callSeq - offers < WAITING) await newCaller();
    await clock.advance(100, settle);
  }
  await acd.close();
  dispatchMs.sort((a, b) => a - b);
  commandCpuMs.sort((a, b) => a - b);
  return {
    decisions: dispatchMs.length, unmatched,
    dispatchP50: percentile(dispatchMs, 50), dispatchP99: percentile(dispatchMs, 99),
    commandCpuP50: percentile(commandCpuMs, 50), commandCpuP99: percentile(commandCpuMs, 99),
  };
}

/**
 * Each variant runs `RUNS` times, interleaved, and the run least disturbed (lowest dispatch p99)
 * is printed beside every run's p99: on a shared machine a tail of 1 in 100 is mostly the time
 * other processes held the CPU, which says nothing of the ACD.
 */
const RUNS = 3;

export async function printDecisionTimes(rounds: number): Promise<void> {
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  console.log(`\ndecision time: ${WAITING} waiting calls, ${AGENTS} agents in ${QUEUES} queues (3 queues each), one agent freed per decision, ${rounds} decisions per run after ${WARM_UP} to warm up; goal p99 < 5 ms`);
  console.log(`  best of ${RUNS} runs (machine load average ${load} on ${availableParallelism()} CPUs: wall-clock tails include time other processes held the CPU)`);
  const runs = new Map<boolean, DecisionTimes[]>([[false, []], [true, []]]);
  for (let run = 0; run < RUNS; run++) for (const withSkills of [false, true]) runs.get(withSkills)?.push(await decisionTimes(withSkills, rounds, 7 + run));
  for (const [withSkills, results] of runs) {
    const best = [...results].sort((a, b) => a.dispatchP99 - b.dispatchP99)[0];
    if (!best) continue;
    const label = withSkills ? 'skill steps (language>=4 30 s, >=2 30 s, anyone)' : 'baseline, no skills';
    console.log(`  ${label.padEnd(50)} dispatch p50 ${ms(best.dispatchP50)}, p99 ${ms(best.dispatchP99)} (p99 of each run: ${results.map((r) => r.dispatchP99.toFixed(2)).join(', ')} ms); CPU time of the whole hang-up command p50 ${ms(best.commandCpuP50)}, p99 ${ms(best.commandCpuP99)}; ${best.unmatched} of ${best.decisions} decisions found no call for the agent`);
  }
}

// EWT accuracy (issue 16): Poisson arrivals and exponential handle times through the real
// AcdService (in-memory store, SimClock), one queue of `agents` agents at an offered load of
// `occupancy` (arrival rate × AHT / agents). Each caller that waits (not offered an agent at
// once) is announced, at entry, the ACD's waitEstimate — what queueing.ts speaks — and its real
// wait is the time to its offer (agents answer at once). Beside it, on the same calls, the two
// readings of Asterisk's app_queue: its announcement (say_position: the queue's hold time, an
// exponential average (3·old + new)/4 of the waits of answered calls, less the time already
// waited, so at entry the hold time itself, whatever the position), and hold time × position.
// The floor is the least error any estimate made from the position alone can have on these
// calls: the median real wait of each position, as if known in advance.
import { AcdService } from '../../../server/acd/acd-service.js';
import { agentConfig, queueConfig } from '../../unit/acd/memory-store.js';
import { ForgetfulStore } from './forgetful-store.js';
import { exponential, seeded } from '../../helpers/seeded-random.js';
import { SimClock } from './sim-clock.js';

export interface EwtScenario { agents: number; occupancy: number; calls: number; ahtSeconds: number; seed: number; vipShare?: number }

/** Mean absolute error and mean signed error, as % of the mean real wait. */
export interface Errors { maePercent: number; biasPercent: number }

export interface EwtResult {
  scenario: EwtScenario;
  /** Callers announced an estimate at entry (after the warm-up). */
  measured: number;
  /** Of the callers who waited after the warm-up, those told no estimate. */
  unestimated: number;
  /** Share of callers (after the warm-up) who had to wait. */
  waitedShare: number;
  meanWaitSeconds: number;
  meanPosition: number;
  ours: Errors;
  appQueue: Errors;
  holdTimeTimesPosition: Errors;
  floorMaePercent: number;
}

interface Entry { index: number; at: number; vip: boolean; position: number; ours: number | null; holdTimeMs: number; offeredAt?: number }

function errors(samples: { estimate: number; real: number }[]): Errors {
  const real = samples.reduce((s, x) => s + x.real, 0);
  const abs = samples.reduce((s, x) => s + Math.abs(x.estimate - x.real), 0);
  const signed = samples.reduce((s, x) => s + x.estimate - x.real, 0);
  return { maePercent: (100 * abs) / real, biasPercent: (100 * signed) / real };
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

export async function simulateEwt(scenario: EwtScenario): Promise<EwtResult> {
  const { agents, occupancy, calls, ahtSeconds, seed } = scenario;
  const random = seeded(seed);
  const ahtMs = ahtSeconds * 1000;
  const meanGapMs = ahtMs / (occupancy * agents);
  const warmup = Math.floor(calls / 10);
  const ids = Array.from({ length: agents }, (_, i) => `a${i}`);
  const clock = new SimClock();
  const acd = new AcdService({ store: new ForgetfulStore(ids.map((id) => agentConfig(id)), [queueConfig('q', ids)]), clock });
  const settle = () => acd.settled();
  const failures: unknown[] = [];
  const fail = (error: unknown) => { failures.push(error); };
  await acd.load();
  for (const id of ids) await acd.agentLogin(id);

  const entries = new Map<string, Entry>();
  let holdTimeMs = 0;
  let offered = 0;
  acd.on('offer', (o) => {
    const entry = entries.get(o.callId);
    if (!entry) return fail(new Error(`offer of unknown call ${o.callId}`));
    entry.offeredAt = clock.now();
    offered += 1;
    holdTimeMs = (3 * holdTimeMs + (entry.offeredAt - entry.at)) / 4;
    acd.answered(o.callId, o.agentId)
      .then(() => { clock.setTimer(exponential(random, ahtMs), () => { acd.agentHungUp(o.callId).catch(fail); }); })
      .catch(fail);
  });

  let arrived = 0;
  const arrive = async (): Promise<void> => {
    const index = arrived++;
    const callId = `c${index}`;
    if (arrived < calls) clock.setTimer(exponential(random, meanGapMs), () => { arrive().catch(fail); });
    const vip = random() < (scenario.vipShare ?? 0);
    const entry: Entry = { index, at: clock.now(), vip, position: 0, ours: null, holdTimeMs };
    entries.set(callId, entry);
    await acd.enqueue({ callId, queueId: 'q', callerNumber: '+15550100', ...(vip ? { priority: 10 } : {}) });
    // Asked after the ACD's dispatch, as queueing.ts does: a caller offered at once is not announced to.
    const estimate = acd.waitEstimate(callId);
    if (entry.offeredAt === undefined && estimate) {
      entry.position = estimate.position;
      entry.ours = estimate.estimatedWaitSeconds === null ? null : estimate.estimatedWaitSeconds * 1000;
    }
  };
  clock.setTimer(exponential(random, meanGapMs), () => { arrive().catch(fail); });
  await clock.run(settle, () => offered === calls || failures.length > 0);
  await acd.close();
  if (failures.length > 0) throw failures[0];

  const after = [...entries.values()].filter((e) => e.index >= warmup);
  const waited = after.filter((e) => e.position > 0);
  const measured = waited.filter((e) => e.ours !== null);
  const real = (e: Entry) => (e.offeredAt ?? e.at) - e.at;
  const against = (estimate: (e: Entry) => number) => errors(measured.map((e) => ({ estimate: estimate(e), real: real(e) })));
  const group = (e: Entry) => `${e.vip ? 'vip' : 'other'} ${e.position}`;
  const byPosition = new Map<string, number[]>();
  for (const e of measured) byPosition.set(group(e), [...(byPosition.get(group(e)) ?? []), real(e)]);
  const medians = new Map([...byPosition].map(([g, waits]) => [g, median(waits)]));
  return {
    scenario,
    measured: measured.length,
    unestimated: waited.length - measured.length,
    waitedShare: waited.length / after.length,
    meanWaitSeconds: measured.reduce((s, e) => s + real(e), 0) / measured.length / 1000,
    meanPosition: measured.reduce((s, e) => s + e.position, 0) / measured.length,
    ours: against((e) => e.ours ?? 0),
    appQueue: against((e) => e.holdTimeMs),
    holdTimeTimesPosition: against((e) => e.holdTimeMs * e.position),
    floorMaePercent: errors(measured.map((e) => ({ estimate: medians.get(group(e)) ?? 0, real: real(e) }))).maePercent,
  };
}

export async function printEwtAccuracy(calls: number): Promise<void> {
  const pct = (x: number) => `${x.toFixed(1)} %`.padStart(8);
  console.log(`\nEWT accuracy: ${calls} Poisson callers per run (the first tenth warm up), exponential handle times, AHT 180 s; mean absolute error of the wait announced at entry, as % of the mean real wait (bias in brackets); goal <= 20 %`);
  console.log(`  ${'agents'.padStart(6)} ${'load'.padStart(5)} ${'waited'.padStart(7)} ${'mean wait'.padStart(10)} ${'position'.padStart(8)} | ${'ours'.padStart(18)} | ${'app_queue'.padStart(18)} | ${'hold time x pos.'.padStart(18)} | ${'floor'.padStart(8)}`);
  const runs = [20, 50, 200].flatMap((agents) => [0.7, 0.85, 0.95].map((occupancy) => ({ agents, occupancy, vipShare: 0 })));
  // Then a fifth of the callers overtaking the others.
  runs.push({ agents: 20, occupancy: 0.85, vipShare: 0.2 }, { agents: 50, occupancy: 0.95, vipShare: 0.2 });
  for (const { agents, occupancy, vipShare } of runs) {
    const r = await simulateEwt({ agents, occupancy, calls, ahtSeconds: 180, seed: agents * 100 + occupancy * 100 + vipShare * 10, vipShare });
    const head = `  ${String(agents).padStart(6)} ${`${Math.round(occupancy * 100)}%`.padStart(5)} ${`${(r.waitedShare * 100).toFixed(1)}%`.padStart(7)}`;
    if (r.measured < 100) {
      console.log(`${head}   too few callers waited to measure (${r.measured})`);
      continue;
    }
    const both = (e: Errors) => `${pct(e.maePercent)} (${`${e.biasPercent >= 0 ? '+' : ''}${e.biasPercent.toFixed(0)}%`.padStart(6)})`;
    console.log(`${head} ${`${r.meanWaitSeconds.toFixed(1)} s`.padStart(10)} ${r.meanPosition.toFixed(1).padStart(8)} | ${both(r.ours)} | ${both(r.appQueue)} | ${both(r.holdTimeTimesPosition)} | ${pct(r.floorMaePercent)}${vipShare ? `  with ${vipShare * 100} % VIP callers (priority 10)` : ''}${r.unestimated ? `  (${r.unestimated} not estimated)` : ''}`);
  }
  console.log('  waited: share of callers not offered an agent at entry (the ones announced a wait). app_queue: its hold-time announcement (an average of past waits, the same at every position);');
  console.log('  hold time x pos.: that average times the position. floor: the least error of any estimate from the position alone (each position\'s median real wait, known in advance; per priority with VIP callers).');
}

// An AcdService over the in-memory store and the fake clock, with a log of what it told the
// SIP layer ("offer <call> <agent>", "cancel <call> <agent> <reason>", "overflow <call> <reason>",
// "announce <call> <position>").
import { AcdError } from '../../../server/acd/acd-errors.js';
import { AcdService } from '../../../server/acd/acd-service.js';
import type { AgentConfig, QueueConfig } from '../../../server/acd/acd-store.types.js';
import { FakeClock } from './fake-clock.js';
import { agentConfig, MemoryStore, queueConfig } from './memory-store.js';

/** Three agents, all members of the longest-idle queue `sales`. */
export const agents = ['a', 'b', 'c'].map((id) => agentConfig(id));
export const sales = (overrides: Partial<QueueConfig> = {}) => queueConfig('sales', ['a', 'b', 'c'], overrides);
export const isCode = (code: string) => (e: unknown) => e instanceof AcdError && e.code === code;

export interface Rig {
  acd: AcdService;
  store: MemoryStore;
  clock: FakeClock;
  log: string[];
  advance(seconds: number): Promise<void>;
  status(agentId: string): string;
  /** Logs agents in one second apart, so the first is the longest idle. */
  login(...agentIds: string[]): Promise<void>;
}

export function watch(acd: AcdService, log: string[]): void {
  acd.on('offer', (e) => log.push(`offer ${e.callId} ${e.agentId}`));
  acd.on('offer-cancelled', (e) => log.push(`cancel ${e.callId} ${e.agentId} ${e.reason}`));
  acd.on('overflow', (e) => log.push(`overflow ${e.callId} ${e.reason}`));
  acd.on('announce', (e) => log.push(`announce ${e.callId} ${e.position}`));
}

export async function rig(agents: AgentConfig[], queues: QueueConfig[], options: { store?: MemoryStore; clock?: FakeClock; random?: () => number } = {}): Promise<Rig> {
  const clock = options.clock ?? new FakeClock();
  const store = options.store ?? new MemoryStore(agents, queues);
  const acd = new AcdService({ store, clock, retryMs: 1000, ...(options.random ? { random: options.random } : {}) });
  const log: string[] = [];
  watch(acd, log);
  acd.on('queue-fact', (f) => store.applyFact(f));
  await acd.load();
  const advance = (seconds: number) => clock.advance(seconds * 1000, () => acd.settled());
  return {
    acd, store, clock, log, advance,
    status: (agentId) => acd.agentState(agentId).status,
    async login(...agentIds) {
      for (const id of agentIds) {
        await acd.agentLogin(id);
        await advance(1);
      }
    },
  };
}

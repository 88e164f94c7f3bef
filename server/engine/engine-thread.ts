// Starts the engine on a worker thread and exposes it with the same shape as startEngine's
// result (stats() and discardList() become async). If the thread dies, `onExit` hears of it.
// discard/undiscard/setTrustedSources check their arguments here, so a bad one throws at the
// caller instead of vanishing in the thread.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { EngineOptions } from './config.js';
import type { EngineConfig, EngineStats } from './config.types.js';
import type { WorkerReply, WorkerRequest } from './worker.types.js';
import { checkedDiscardSeconds, type DiscardEntry, type SourceDiscard } from './defence/source-discard.js';
import { checkedAddress } from './defence/source-address.js';
import { validateCidrs } from './defence/trusted-sources.js';

export interface EngineThread extends SourceDiscard {
  readonly config: EngineConfig;
  readonly adminPort: number;
  readonly hostports: string[];
  stats(): Promise<EngineStats>;
  discardList(): Promise<DiscardEntry[]>;
  setTrustedSources(cidrs: string[]): void;
  stop(): Promise<void>;
}

export function startEngineThread(opts: EngineOptions, onExit?: (code: number) => void): Promise<EngineThread> {
  const worker = new Worker(fileURLToPath(new URL('./worker.js', import.meta.url)), { workerData: opts });
  let nextId = 1;
  const waiting = new Map<number, (reply: WorkerReply) => void>();
  let stopping = false;
  const post = (msg: WorkerRequest): void => worker.postMessage(msg);
  const ask = (type: 'stats' | 'discards'): Promise<WorkerReply> => new Promise((res) => {
    const id = nextId++;
    waiting.set(id, res);
    post({ type, id });
  });
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!stopping) onExit?.(code);
    });
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'failed') reject(new Error(msg.error));
      else if (msg.type === 'stats' || msg.type === 'discards') {
        waiting.get(msg.id)?.(msg);
        waiting.delete(msg.id);
      } else if (msg.type === 'ready') {
        resolve({
          config: msg.config,
          adminPort: msg.adminPort,
          hostports: msg.hostports,
          stats: () => ask('stats').then((r) => (r.type === 'stats' ? r.stats : Promise.reject(new Error('unexpected reply')))),
          discardList: () => ask('discards').then((r) => (r.type === 'discards' ? r.entries : Promise.reject(new Error('unexpected reply')))),
          discard: (address, seconds, reason) => {
            post({ type: 'discard', address: checkedAddress(address), seconds: checkedDiscardSeconds(seconds), reason: String(reason) });
          },
          undiscard: (address) => post({ type: 'undiscard', address: checkedAddress(address) }),
          setTrustedSources: (cidrs) => {
            validateCidrs(cidrs);
            post({ type: 'trust', cidrs: [...cidrs] });
          },
          stop: () => new Promise((res) => {
            stopping = true;
            worker.once('exit', () => res());
            worker.once('message', (m: WorkerReply) => {
              if (m.type === 'stopped') void worker.terminate();
            });
            post({ type: 'stop' });
          }),
        });
      }
    });
  });
}

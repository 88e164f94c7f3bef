// Starts the engine on a worker thread and exposes it with the same shape as startEngine's
// result (stats() becomes async). If the thread dies, `onExit` hears of it.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { EngineOptions } from './config.js';
import type { EngineConfig, EngineStats } from './config.types.js';
import type { WorkerReply } from './worker.types.js';

export interface EngineThread {
  readonly config: EngineConfig;
  readonly adminPort: number;
  readonly hostports: string[];
  stats(): Promise<EngineStats>;
  stop(): Promise<void>;
}

export function startEngineThread(opts: EngineOptions, onExit?: (code: number) => void): Promise<EngineThread> {
  const worker = new Worker(fileURLToPath(new URL('./worker.js', import.meta.url)), { workerData: opts });
  let nextId = 1;
  const waiting = new Map<number, (s: EngineStats) => void>();
  let stopping = false;
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!stopping) onExit?.(code);
    });
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'failed') reject(new Error(msg.error));
      else if (msg.type === 'stats') {
        waiting.get(msg.id)?.(msg.stats);
        waiting.delete(msg.id);
      } else if (msg.type === 'ready') {
        resolve({
          config: msg.config,
          adminPort: msg.adminPort,
          hostports: msg.hostports,
          stats: () => new Promise((res) => {
            const id = nextId++;
            waiting.set(id, res);
            worker.postMessage({ type: 'stats', id });
          }),
          stop: () => new Promise((res) => {
            stopping = true;
            worker.once('exit', () => res());
            worker.once('message', (m: WorkerReply) => {
              if (m.type === 'stopped') void worker.terminate();
            });
            worker.postMessage({ type: 'stop' });
          }),
        });
      }
    });
  });
}

// Runs the engine on its own thread so SIP parsing does not compete with the app's logic on
// one event loop. The host side (startEngineThread) talks to it with three messages:
// ready/stats/stopped from the worker, stats/stop to it.
import { parentPort, workerData } from 'node:worker_threads';
import { startEngine } from './engine.js';
import type { EngineOptions } from './config.js';
import type { WorkerReply, WorkerRequest } from './worker.types.js';

const port = parentPort;
if (!port) throw new Error('engine worker must run in a worker thread');

startEngine(workerData as EngineOptions).then((engine) => {
  port.postMessage({ type: 'ready', adminPort: engine.adminPort, hostports: engine.hostports, config: engine.config } satisfies WorkerReply);
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'stats') port.postMessage({ type: 'stats', id: msg.id, stats: engine.stats() } satisfies WorkerReply);
    else if (msg.type === 'stop') void engine.stop().then(() => port.postMessage({ type: 'stopped' } satisfies WorkerReply));
  });
}, (err: unknown) => {
  port.postMessage({ type: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
});

// Runs the engine on its own thread so SIP parsing does not compete with the app's logic on
// one event loop. The host side (startEngineThread) talks to it with messages: ready, stats,
// discards and stopped from the worker; stats, discards, discard, undiscard, trust and stop
// to it (the host checks arguments before posting, so a bad one throws at the caller).
import { parentPort, workerData } from 'node:worker_threads';
import { startEngine } from './engine.js';
import type { EngineOptions } from './config.js';
import type { WorkerReply, WorkerRequest } from './worker.types.js';

const port = parentPort;
if (!port) throw new Error('engine worker must run in a worker thread');

startEngine(workerData as EngineOptions).then((engine) => {
  port.postMessage({ type: 'ready', adminPort: engine.adminPort, hostports: engine.hostports, config: engine.config } satisfies WorkerReply);
  port.on('message', (msg: WorkerRequest) => {
    try {
      if (msg.type === 'stats') port.postMessage({ type: 'stats', id: msg.id, stats: engine.stats() } satisfies WorkerReply);
      else if (msg.type === 'discards') port.postMessage({ type: 'discards', id: msg.id, entries: engine.discardList() } satisfies WorkerReply);
      else if (msg.type === 'discard') engine.discard(msg.address, msg.seconds, msg.reason);
      else if (msg.type === 'undiscard') engine.undiscard(msg.address);
      else if (msg.type === 'trust') engine.setTrustedSources(msg.cidrs);
      else void engine.stop().then(() => port.postMessage({ type: 'stopped' } satisfies WorkerReply));
    } catch (err) {
      // The host validated the arguments; anything else must not end the engine.
      process.stderr.write(`engine worker: ${msg.type}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  });
}, (err: unknown) => {
  port.postMessage({ type: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
});

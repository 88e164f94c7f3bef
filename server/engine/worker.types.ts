// Messages between the engine thread and its host.
import type { EngineConfig, EngineStats } from './config.types.js';

export type WorkerRequest = { type: 'stats'; id: number } | { type: 'stop' };

export type WorkerReply =
  | { type: 'ready'; adminPort: number; hostports: string[]; config: EngineConfig }
  | { type: 'failed'; error: string }
  | { type: 'stats'; id: number; stats: EngineStats }
  | { type: 'stopped' };

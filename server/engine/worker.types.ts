// Messages between the engine thread and its host.
import type { EngineConfig, EngineStats } from './config.types.js';
import type { DiscardEntry } from './defence/source-discard.js';

export type WorkerRequest =
  | { type: 'stats'; id: number }
  | { type: 'discards'; id: number }
  | { type: 'discard'; address: string; seconds: number; reason: string }
  | { type: 'undiscard'; address: string }
  | { type: 'trust'; cidrs: string[] }
  | { type: 'stop' };

export type WorkerReply =
  | { type: 'ready'; adminPort: number; hostports: string[]; config: EngineConfig }
  | { type: 'failed'; error: string }
  | { type: 'stats'; id: number; stats: EngineStats }
  | { type: 'discards'; id: number; entries: DiscardEntry[] }
  | { type: 'stopped' };

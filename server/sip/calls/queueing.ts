// Waiting in a queue: the call takes the queue's music, is handed to the ACD, and hears the
// music until an agent answers; an overflow (queue full, waited too long) routes it on. When
// the ACD reports the queue unknown (deleted meanwhile), the caller hears no agent can be had.
import type { Destination } from '../../db/index.js';
import { AcdError } from '../../acd/index.js';
import { announceOnEntry } from './announcements.js';
import type { Call } from './call.js';
import { CALLER } from './call-deps.js';
import { promptSource } from './prompts.js';

export async function enqueue(call: Call, queueId: string, priority?: number): Promise<void> {
  const queue = await call.deps.repos.queues.get(queueId);
  if (!queue) return call.end('system', `unknown queue ${queueId}`, 'no-agent');
  if (!call.fire({ type: 'enqueue', queueId })) return;
  call.holdMusic = (queue.music_prompt_id ? await promptSource(call, queue.music_prompt_id) : undefined) ?? call.deps.defaultMusic;
  await startMusic(call);
  let outcome;
  try {
    outcome = await call.deps.acd.enqueue({ callId: call.id, queueId, callerNumber: call.caller.number, ...(priority !== undefined ? { priority } : {}) });
  } catch (err) {
    if (err instanceof AcdError && err.code === 'unknown-queue') return call.end('system', `queue ${queue.name} is not in the ACD`, 'no-agent');
    throw err;
  }
  if (outcome.status === 'overflow') return overflow(call, outcome.destination);
  if (queue.announce_interval_seconds) await announceOnEntry(call, queue.announcement_prompt_id, outcome.position, outcome.averageAnswerSeconds);
}

/** The ACD moved the caller out of its queue (full, or waited too long). */
export async function overflow(call: Call, destination: Destination | null): Promise<void> {
  if (!call.fire({ type: 'overflow' })) return;
  await stopMusic(call);
  await call.announcing?.stop();
  if (!destination) return call.end('system', 'queue overflow with no overflow destination', 'overflow');
  await call.route(destination);
}

export async function startMusic(call: Call): Promise<void> {
  if (call.music || call.is('ended')) return;
  call.music = await call.deps.media.startMusicOnHold(call.id, CALLER, call.holdMusic).catch((err: unknown) => {
    call.log.warn({ err: String(err) }, 'music on hold failed to start');
    return undefined;
  });
}

export async function stopMusic(call: Call): Promise<void> {
  const music = call.music;
  call.music = undefined;
  await music?.stop().catch(() => undefined);
}

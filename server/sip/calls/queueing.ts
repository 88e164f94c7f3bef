// Waiting in a queue: the call takes the queue's music, is handed to the ACD, and hears the
// music until an agent answers; an overflow (queue full, waited too long) routes it on. When
// the ACD reports the queue unknown (deleted meanwhile), the caller hears no agent can be had.
// The ACD gets the call's priority sources (the dialled number's priority, the IVR choice's,
// whether the caller is a VIP contact) and the IVR's own skills routing steps, if any.
import type { Destination, SkillStep } from '../../db/index.js';
import type { OverflowReason, PrioritySources } from '../../acd/index.js';
import { AcdError } from '../../acd/index.js';
import { announceOnEntry } from './announcements.js';
import type { Call } from './call.js';
import { CALLER } from './call-deps.js';
import { promptSource } from './prompts.js';
import type { PromptSource } from '../../../media/index.js';

/** What the IVR's queue verb asks for this call; a transfer brings its first entry time along. */
export interface QueueChoice { priority?: number; skillSteps?: SkillStep[]; enteredAt?: number }

async function prioritySources(call: Call, choice: QueueChoice): Promise<PrioritySources> {
  const numberId = call.record.row.number_id;
  const [number, contact] = await Promise.all([
    numberId ? call.deps.repos.numbers.get(numberId) : undefined,
    call.deps.repos.contacts.findByPhoneNumber(call.caller.number),
  ]);
  return {
    ...(number?.priority ? { number: number.priority } : {}),
    ...(choice.priority !== undefined ? { choice: choice.priority } : {}),
    ...(contact?.vip ? { vip: true } : {}),
  };
}

export async function enqueue(call: Call, queueId: string, choice: QueueChoice = {}): Promise<void> {
  const queue = await call.deps.repos.queues.get(queueId);
  if (!queue) return call.end('system', `unknown queue ${queueId}`, 'no-agent');
  if (!call.fire({ type: 'enqueue', queueId })) return;
  call.holdMusic = (queue.music_prompt_id ? await promptSource(call, queue.music_prompt_id) : undefined) ?? call.deps.defaultMusic;
  await startMusic(call);
  let outcome;
  try {
    outcome = await call.deps.acd.enqueue({
      callId: call.id, queueId, callerNumber: call.caller.number, prioritySources: await prioritySources(call, choice),
      ...(choice.skillSteps ? { skillSteps: choice.skillSteps } : {}),
      ...(choice.priority !== undefined && choice.enteredAt !== undefined ? { priority: choice.priority, enteredAt: choice.enteredAt } : {}),
    });
  } catch (err) {
    if (err instanceof AcdError && err.code === 'unknown-queue') return call.end('system', `queue ${queue.name} is not in the ACD`, 'no-agent');
    throw err;
  }
  if (outcome.status === 'overflow') return overflow(call, outcome.destination, outcome.reason);
  // Asked after the ACD's dispatch: a caller being offered to an agent already is not announced to.
  const estimate = call.deps.acd.waitEstimate(call.id);
  if (queue.announce_interval_seconds && estimate) await announceOnEntry(call, queue.announcement_prompt_id, estimate);
}

/** The ACD moved the caller out of its queue (full, waited too long, nobody logged in). */
export async function overflow(call: Call, destination: Destination | null, reason: OverflowReason): Promise<void> {
  if (!call.fire({ type: 'overflow' })) return;
  await stopMusic(call);
  await call.announcing?.stop();
  if (!destination && reason === 'no-agents') return call.end('system', 'no agent of the queue is logged in', 'no-agent');
  if (!destination) return call.end('system', 'queue overflow with no overflow destination', 'overflow');
  await call.route(destination);
}

/** Loops the call's hold music (or `source`: an internal call's ringback) to the caller, until stopMusic. */
export async function startMusic(call: Call, source: PromptSource = call.holdMusic): Promise<void> {
  if (call.music || call.is('ended')) return;
  call.music = await call.deps.media.startMusicOnHold(call.id, CALLER, source).catch((err: unknown) => {
    call.log.warn({ err: String(err) }, 'music on hold failed to start');
    return undefined;
  });
}

export async function stopMusic(call: Call): Promise<void> {
  const music = call.music;
  call.music = undefined;
  await music?.stop().catch(() => undefined);
}

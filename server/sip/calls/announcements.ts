// Queue announcements: a waiting caller hears its position and, when the queue can estimate
// it, the expected wait, spoken with TTS (after the queue's announcement prompt, if it names
// one) on entry and then every announce interval (the ACD's `announce` timer). The music
// stops around it. A wait the queue cannot estimate (no call answered yet) is not announced:
// only the position is. No announcement interrupts an agent being rung.
import type { AnnounceEvent } from '../../acd/index.js';
import type { PromptSource } from '../../ivr/index.js';
import type { Call } from './call.js';
import { CALLER } from './call-deps.js';
import { promptSource } from './prompts.js';
import { startMusic, stopMusic } from './queueing.js';

export function announcementText(position: number, averageAnswerSeconds: number | null): string {
  const where = position <= 1 ? 'You are the next caller in line.' : `You are caller number ${position} in the queue.`;
  if (averageAnswerSeconds === null) return where;
  const minutes = Math.round(averageAnswerSeconds / 60);
  const wait = minutes < 1 ? 'less than a minute' : minutes === 1 ? 'about one minute' : `about ${minutes} minutes`;
  return `${where} The expected wait is ${wait}.`;
}

export function announce(call: Call, e: AnnounceEvent): Promise<void> {
  return play(call, e.promptId, e.position, e.averageAnswerSeconds);
}

export function announceOnEntry(call: Call, promptId: string | null, position: number, averageAnswerSeconds: number | null): Promise<void> {
  return play(call, promptId, position, averageAnswerSeconds);
}

async function play(call: Call, promptId: string | null, position: number, averageAnswerSeconds: number | null): Promise<void> {
  if (!call.is('queued') || call.offers.size > 0 || call.announcing) return;
  const intro = promptId ? await promptSource(call, promptId) : undefined;
  const parts: PromptSource[] = [...(intro ? [intro] : []), { text: announcementText(position, averageAnswerSeconds) }];
  await stopMusic(call);
  try {
    for (const part of parts) {
      if (!call.is('queued')) return;
      const handle = await call.deps.media.playPrompt(call.id, CALLER, part);
      call.announcing = handle;
      const end = await handle.done;
      if (end.reason !== 'completed') return;
    }
    call.log.info({ position, averageAnswerSeconds }, 'queue announcement played');
  } finally {
    call.announcing = undefined;
    if (call.is('queued')) await startMusic(call);
  }
}

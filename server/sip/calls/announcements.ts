// Queue announcements: a waiting caller hears its position and, when the ACD can estimate
// it, the estimated wait (server/acd/wait-estimate.ts: agents staffed, handle time, position,
// overtaking arrivals), spoken with TTS (after the queue's announcement prompt, if it names
// one) on entry and then every announce interval (the ACD's `announce` timer). The music
// stops around it. A wait the ACD cannot estimate (no call handled yet, nobody staffed) is not
// announced: only the position is. No announcement interrupts an agent being rung. The text
// spoken is in the call's log.
import type { AnnounceEvent, WaitEstimate } from '../../acd/index.js';
import type { PromptSource } from '../../ivr/index.js';
import type { Call } from './call.js';
import { CALLER } from './call-deps.js';
import { promptSource } from './prompts.js';
import { startMusic, stopMusic } from './queueing.js';

/** Under two minutes the wait is said to the half minute, then to the minute. */
function spokenWait(seconds: number): string {
  if (seconds < 45) return 'less than a minute';
  if (seconds < 120) return seconds < 75 ? 'about one minute' : 'about one and a half minutes';
  return `about ${Math.round(seconds / 60)} minutes`;
}

export function announcementText({ position, estimatedWaitSeconds }: WaitEstimate): string {
  const where = position <= 1 ? 'You are first in line.' : `You are caller number ${position} in the queue.`;
  if (estimatedWaitSeconds === null) return where;
  return `${where} Your estimated wait is ${spokenWait(estimatedWaitSeconds)}.`;
}

export function announce(call: Call, e: AnnounceEvent): Promise<void> {
  return play(call, e.promptId, e);
}

export function announceOnEntry(call: Call, promptId: string | null, estimate: WaitEstimate): Promise<void> {
  return play(call, promptId, estimate);
}

async function play(call: Call, promptId: string | null, estimate: WaitEstimate): Promise<void> {
  if (!call.is('queued') || call.offers.size > 0 || call.announcing) return;
  const intro = promptId ? await promptSource(call, promptId) : undefined;
  const text = announcementText(estimate);
  const parts: PromptSource[] = [...(intro ? [intro] : []), { text }];
  await stopMusic(call);
  try {
    for (const part of parts) {
      if (!call.is('queued')) return;
      const handle = await call.deps.media.playPrompt(call.id, CALLER, part);
      call.announcing = handle;
      const end = await handle.done;
      if (end.reason !== 'completed') return;
    }
    call.log.info({ position: estimate.position, estimatedWaitSeconds: estimate.estimatedWaitSeconds, text }, 'queue announcement played');
  } finally {
    call.announcing = undefined;
    if (call.is('queued')) await startMusic(call);
  }
}

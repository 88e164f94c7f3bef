// Ending a call, once, from whichever side: offers withdrawn, the other leg hung up, music and
// announcements stopped, the ACD told, media freed (recordings indexed), legs and the record
// closed with what happened. Each step is on its own: one that fails is logged and the rest
// still run, so a call can always be ended. Never rejects.
import type { Call } from './call.js';
import { AcdError } from '../../acd/index.js';
import type { Disposition, HangupSide } from './call-record.js';
import type { CallPhase } from './phase-machine.js';
import { saveRecordings } from './recording.js';
import { stopMusic } from './queueing.js';
import { hangUp, respond } from './sip-safe.js';
import { stopSessionTimers } from './session-timer.js';

export async function endCall(call: Call, side: HangupSide, cause: string, disposition?: Disposition): Promise<void> {
  const was = call.phase.phase;
  if (!call.fire({ type: 'end', cause })) return;
  stopSessionTimers(call);
  const step = async (what: string, work: () => Promise<void> | void): Promise<void> => {
    try {
      await work();
    } catch (err) {
      call.log.warn({ err: String(err), step: what }, 'teardown step failed');
    }
  };
  for (const offer of call.offers.values()) offer.abort();
  await step('ivr', () => {
    call.port?.callEnded();
    call.port?.dispose();
  });
  if (call.invite) respond(call.invite, call.log, 500, 'Server Internal Error');
  if (side !== 'caller') hangUp(call.uas, call.log);
  if (side !== 'callee') hangUp(call.agentDialog, call.log);
  await step('music', () => stopMusic(call));
  await step('announcement', () => call.announcing?.stop());
  await step('conference', () => call.conference?.close(cause));
  await step('acd', () => tellAcd(call, was, side));
  // A media call handed to another call's conference is freed by that conference.
  if (!call.mediaHandedOver) await step('media', async () => saveRecordings(call.deps.repos, call.id, await call.deps.media.deleteCall(call.id)));
  if (call.callerLegId) call.record.legEnded(call.callerLegId, side === 'caller' ? 'caller hung up' : cause);
  if (call.agentLegId) call.record.legEnded(call.agentLegId, side === 'callee' ? 'agent hung up' : cause);
  const outcome = disposition ?? dispositionOf(call, was, side);
  await call.record.end(outcome, side, cause);
  call.deps.liveEvents?.publish({
    type: 'call.ended', callId: call.id, agentId: call.record.row.agent_id, queueId: call.record.row.queue_id,
    data: { disposition: outcome, hung_up_by: side, cause },
  });
  for (const cleanup of call.cleanups) await step('cleanup', cleanup);
  call.log.info({ side, cause, disposition: outcome, phase: was }, 'call ended');
}

async function tellAcd(call: Call, was: CallPhase, side: HangupSide): Promise<void> {
  const { acd } = call.deps;
  if (was !== 'queued' && was !== 'connected' && was !== 'conference') return;
  // The ACD knows a direct call only once the agent answered; queued calls always. An agent
  // who left a conference was released then (call.agentId cleared).
  if ((was === 'connected' || was === 'conference') && !call.agentId) return;
  try {
    if (side === 'caller') await acd.callerHungUp(call.id);
    else if (side === 'callee') await acd.agentHungUp(call.id);
    else await acd.callEnded(call.id);
  } catch (err) {
    // A direct call to an agent not signed in to the ACD (registered only) was never the ACD's;
    // an agent who took a mixed call over has their own ACD part, ended by the conference.
    if (err instanceof AcdError && err.code === 'unknown-call' && (!call.queueOutcome || was === 'conference')) return;
    throw err;
  }
}

/** What happened, when the step that ended the call did not say. */
function dispositionOf(call: Call, was: CallPhase, side: HangupSide): Disposition {
  // An agent who claimed the call (the ACD says answered) answered it, even if the caller
  // hung up before the bridge was up.
  if (was === 'connected' || was === 'conference' || was === 'survey' || call.queueOutcome?.outcome === 'answered') return 'answered';
  if (side === 'caller') return 'abandoned';
  return 'failed';
}

// The agent answered: caller and agent are bridged in rtpengine (the caller's ports do not
// change, so the caller gets no re-INVITE), the music and any announcement stop, the record
// says who answered, and the recording starts. A bridge that fails throws to the call's guard,
// which ends the call for both sides with the reason.
import type Srf from 'drachtio-srf';
import type { Call } from './call.js';
import { AGENT } from './call-deps.js';
import { CallHold } from './hold.js';
import { stopMusic } from './queueing.js';
import { startRecording } from './recording.js';
import { hangUp, watchErrors } from './sip-safe.js';
import { refuseUnsupported } from './unsupported-requests.js';
import { acceptRefers } from './transfer/refer.js';
import { agentHungUp } from './survey.js';
import { startAgentSessionTimer } from './session-timer.js';

export async function connect(call: Call, agentId: string, dialog: Srf.Dialog, webrtc: boolean, legId: string): Promise<void> {
  if (!call.fire({ type: 'agent-answered', agentId })) {
    call.record.legEnded(legId, 'the call ended before the bridge');
    hangUp(dialog, call.log);
    return;
  }
  call.agentDialog = dialog;
  call.agentId = agentId;
  call.agentLegId = legId;
  watchErrors(dialog, call.log);
  dialog.on('destroy', () => {
    if (call.released.has(dialog)) return;
    if (!call.conference?.hungUp(dialog)) call.spawn('agent hangup', () => agentHungUp(call));
  });
  refuseUnsupported(dialog, call.log, ['MESSAGE']);
  acceptRefers(call, dialog);
  startAgentSessionTimer(call, dialog);
  call.hold = new CallHold(call, dialog, webrtc);
  call.hold.listen();
  await stopMusic(call);
  await call.announcing?.stop();
  try {
    await call.deps.media.bridge(call.id, AGENT, dialog.remote.sdp, { webrtc });
  } catch (err) {
    throw new Error(`media bridge to the agent failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  await call.record.answered(agentId);
  call.deps.liveEvents?.publish({
    type: 'call.answered', callId: call.id, agentId, queueId: call.queueOutcome?.queueId ?? call.record.row.queue_id,
    data: { caller: call.caller.number, direction: call.record.row.direction },
  });
  await startRecording(call);
  call.log.info({ agentId, agentSipCallId: dialog.sip.callId }, 'caller connected to agent');
}

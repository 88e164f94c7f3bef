// The agent's phone re-offers (hold, resume, codec change): the new offer goes through
// rtpengine and is answered for the caller, whose own ports never change, so the caller gets
// no re-INVITE — on hold it hears the music instead. A re-offer that cannot be anchored gets
// 488 and the call goes on as it was.
import type Srf from 'drachtio-srf';
import type { Call } from './call.js';
import { AGENT, CALLER } from './call-deps.js';
import { startMusic, stopMusic } from './queueing.js';
import { respond } from './sip-safe.js';

export async function agentReinvite(call: Call, req: Srf.SrfRequest, res: Srf.SrfResponse, webrtc: boolean): Promise<void> {
  const direction = /^a=(sendonly|inactive)\s*$/m.exec(req.body)?.[1];
  try {
    await call.deps.media.anchorOffer(call.id, AGENT, req.body, { webrtc });
    const callerSdp = withDirection(call.uas?.remote.sdp ?? '', direction === 'sendonly' ? 'recvonly' : direction ?? 'sendrecv');
    const answer = await call.deps.media.anchorAnswer(call.id, CALLER, callerSdp, { webrtc: call.caller.webrtc });
    respond(res, call.log, 200, undefined, { body: answer, headers: { 'Content-Type': 'application/sdp' } });
  } catch (err) {
    call.log.warn({ err: String(err) }, 're-INVITE from the agent could not be anchored');
    respond(res, call.log, 488, 'Not Acceptable Here');
    return;
  }
  if (direction) await startMusic(call);
  else await stopMusic(call);
  call.log.info({ held: Boolean(direction) }, direction ? 'agent put the caller on hold' : 'agent resumed the call');
}

/** The SDP with its media direction replaced (one audio section, as our callers send). */
function withDirection(sdp: string, direction: string): string {
  const body = sdp.replace(/^a=(sendrecv|sendonly|recvonly|inactive)\r?\n/gm, '');
  return `${body}${body.endsWith('\n') ? '' : '\r\n'}a=${direction}\r\n`;
}

// Answering the caller: its SDP is anchored in rtpengine with a dummy peer (so the IVR can
// play and hear digits before any agent exists), the 200 OK goes out, and the caller's leg is
// recorded. The call then hears its dialog: BYE ends it, INFO carries digits to the IVR, and
// the media server's notifications for this call id (instance down) end it with the reason.
import type Srf from 'drachtio-srf';
import { MediaCallPort } from '../../ivr/index.js';
import type { Call } from './call.js';
import { CALLER } from './call-deps.js';
import { onInfo } from './info-dtmf.js';
import { refuseUnsupported } from './unsupported-requests.js';
import { negotiateCaller, startCallerSessionTimer } from './session-timer.js';
import { respond, watchErrors } from './sip-safe.js';

/** True once answered; false if the call could not be set up (answered with an error, record closed). */
export async function answer(call: Call, req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<boolean> {
  const { media, srf } = call.deps;
  const unsubscribe = media.subscribe(call.id, {
    mediaLost: (e) => void call.end('system', `media server ${e.instance} failed: ${e.reason}`, 'failed'),
  });
  call.cleanups.push(unsubscribe);
  call.invite = res;
  // RFC 4028: an interval below our minimum is refused before any media is set up.
  const timer = negotiateCaller(call, req);
  if (timer.kind === 'refuse') {
    call.log.info({ status: timer.status, sessionExpires: req.get('Session-Expires') }, 'session interval refused');
    respond(res, call.log, timer.status, timer.reason, { headers: timer.headers });
    await call.end('system', `${timer.status} ${timer.reason}`, 'failed');
    return false;
  }
  let sdp: string;
  try {
    sdp = await media.anchorIvr(call.id, CALLER, req.body, { webrtc: call.caller.webrtc });
  } catch (err) {
    call.log.error({ err: String(err) }, 'media server could not anchor the caller');
    respond(res, call.log, 503, 'Service Unavailable - media server unavailable');
    await call.end('system', 'media server unavailable', 'failed');
    return false;
  }
  try {
    call.uas = await srf.createUAS(req, res, { localSdp: sdp, headers: timer.headers });
    call.invite = undefined;
  } catch (err) {
    call.invite = undefined;
    call.log.info({ err: String(err) }, 'caller left before answer');
    await call.end('caller', 'canceled before answer', 'abandoned');
    return false;
  }
  const uas = call.uas;
  watchErrors(uas, call.log);
  uas.on('destroy', () => {
    if (!call.conference?.hungUp(uas)) void call.end('caller', 'caller hung up');
  });
  uas.on('info', (infoReq: Srf.SrfRequest, infoRes: Srf.SrfResponse) => onInfo(call, infoReq, infoRes));
  refuseUnsupported(uas, call.log);
  startCallerSessionTimer(call, uas, req, timer);
  call.port = new MediaCallPort(media, call.id, CALLER);
  call.callerLegId = call.record.legStarted('caller', { sipCallId: req.get('Call-ID'), remoteUri: fromUri(req.get('From')), answered: true });
  if (!call.fire({ type: 'answered' })) return false;
  return true;
}

function fromUri(from: string): string {
  return (/<([^>]*)>/.exec(from)?.[1] ?? from.split(';')[0] ?? '').slice(0, 500);
}

// A trunk's media_encryption 'required' (migration 0008): a carrier that must send SRTP is held
// to it. A plain-RTP offer from it is refused with 488 and a reason phrase saying why, before
// anything is set up, and the refusal is logged with the SIP Call-ID. 'optional' leaves it to
// the offer: SDES (RTP/SAVP, RTP/SAVPF) and opportunistic a=crypto are answered with SRTP,
// plain RTP with plain RTP (media/srtp-profile.ts).
import type Srf from 'drachtio-srf';
import { offersEncryption } from '../../../media/index.js';
import type { CallCenterDeps } from './call-deps.js';
import { respond } from './sip-safe.js';

export interface TrunkMediaPolicy {
  name: string;
  media_encryption: 'optional' | 'required';
}

export const SRTP_REQUIRED_REASON = 'Not Acceptable Here - SRTP required on this trunk';

/** True (and the request answered 488) when the trunk requires SRTP and the offer has none. */
export function refusedForPlainMedia(deps: Pick<CallCenterDeps, 'logger'>, trunk: TrunkMediaPolicy | null, req: Srf.SrfRequest, res: Srf.SrfResponse): boolean {
  if (trunk?.media_encryption !== 'required') return false;
  const body = typeof req.body === 'string' ? req.body : '';
  if (offersEncryption(body)) return false;
  deps.logger.warn({ trunk: trunk.name, sipCallId: req.get('Call-ID') }, 'plain RTP offer refused: the trunk requires SRTP (media_encryption required)');
  respond(res, deps.logger, 488, SRTP_REQUIRED_REASON);
  return true;
}

/**
 * An agent's phone answered 488 Not Acceptable Here: almost always a media mismatch (a phone
 * that requires SRTP offered plain RTP, or one without SRTP offered RTP/SAVP). The ACD still
 * moves on (the phone could not take the call), but the log says why and what to change; `log`
 * is the call's logger (call id and SIP Call-ID).
 */
export function logAgentMediaRefusal(log: CallCenterDeps['logger'], agent: { id: string; media_encryption: string }, webrtc: boolean): void {
  const hint = webrtc ? 'a browser is always offered DTLS-SRTP'
    : agent.media_encryption === 'required' ? "the phone may not support SDES-SRTP: set the agent's media_encryption to 'optional' or 'none'"
      : "the phone may require SRTP: set the agent's media_encryption to 'required' (RTP/SAVP) or 'optional'";
  log.warn({ agentId: agent.id, mediaEncryption: agent.media_encryption, status: 488 }, `agent phone refused the media offer (488 Not Acceptable Here): ${hint}`);
}

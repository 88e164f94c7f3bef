// ng options that shape the SDP rtpengine sends to a leg, by the kind of endpoint receiving it.
// From ../shared/reference/rtpengine.md (10.5): a browser gets ICE, DTLS-SRTP and rtcp-mux with
// a=mid but no BUNDLE (10.5 cannot emit it; browsers must keep bundlePolicy 'balanced'); a plain
// phone gets RTP/AVP without ICE or DTLS. DTLS is left at its default (rtpengine active when it
// answers a browser): answering a browser with DTLS passive connects only 3 times in 10.
// `inject-DTMF` is asked for only when the app wants to send digits: it routes every packet
// of the call through rtpengine's codec path and about doubles relay CPU (see the bench).
import type { BencodeValue } from './bencode.js';
import { PLAIN_RTP, sdesParams, withSdesAnswer, type PhoneCrypto } from './srtp-profile.js';

type NgParams = Record<string, BencodeValue>;

// `port-latching` keeps rtpengine's local ports across renegotiation. Without it 10.5 moves
// the caller-facing port when the IVR's dummy peer is replaced by the agent, and a browser
// caller (ICE) would drop audio from the new port until a re-INVITE.
const withInject = (flags: string[], inject: boolean): string[] => (inject ? [...flags, 'port-latching', 'inject-DTMF'] : [...flags, 'port-latching']);

/** SDES-SRTP of the phone legs (srtp-profile.ts): what the receiving leg speaks, and the sender. */
export interface SrtpLegs { toward?: PhoneCrypto; from?: PhoneCrypto }

/**
 * Options for an `offer` whose SDP goes to a leg of the given kind. `addPcmu`: the offer lacks
 * PCMU (an opus-only browser or phone), so rtpengine adds it and transcodes, and a phone always
 * finds a common codec. It defaults to "the offerer is a browser" for callers that pass no SDP.
 */
export function offerToward(webrtc: boolean, fromWebrtc: boolean, inject = false, addPcmu = fromWebrtc, phone: SrtpLegs = {}): NgParams {
  if (webrtc) {
    return { ICE: 'force', 'transport-protocol': 'UDP/TLS/RTP/SAVPF', 'rtcp-mux': ['offer'], SDES: ['off'], flags: withInject(['generate-mid'], inject) };
  }
  // The offerer's origin is not ours to pass on: linphone's names an IPv6 address it does not
  // use (o=... IN IP6 fd00::2), and baresip then refuses the IPv4 media with 488.
  const plain: NgParams = { ICE: 'remove', DTLS: 'off', 'transport-protocol': 'RTP/AVP', 'rtcp-mux': ['demux'], replace: ['origin'], flags: withInject([], inject) };
  if (fromWebrtc) {
    // A browser's session lines (origin, connection) and extmaps mean nothing to a phone.
    plain.replace = ['origin', 'session-connection'];
    plain.flags = withInject(['strip-extmap'], inject);
  }
  if (addPcmu) plain.codec = { transcode: ['PCMU'] };
  return { ...plain, ...sdesParams(phone.toward ?? PLAIN_RTP, phone.from ?? PLAIN_RTP) };
}

/** Options for an `answer` whose SDP goes back to an offerer of the given kind. */
export function answerToward(webrtc: boolean, fromWebrtc: boolean, inject = false, phone: SrtpLegs = {}): NgParams {
  if (webrtc) return { ICE: 'force', 'transport-protocol': 'UDP/TLS/RTP/SAVPF', 'rtcp-mux': ['require'], flags: withInject(['generate-mid'], inject) };
  const plain: NgParams = { ICE: 'remove', DTLS: 'off', 'transport-protocol': 'RTP/AVP', 'rtcp-mux': ['demux'], flags: withInject([], inject) };
  if (fromWebrtc) {
    plain.replace = ['origin', 'session-connection'];
    plain.flags = withInject(['strip-extmap'], inject);
  }
  return withSdesAnswer(plain, phone.toward ?? PLAIN_RTP);
}

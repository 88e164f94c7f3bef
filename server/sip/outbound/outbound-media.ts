// The media of an agent's outbound call. A desk phone's SDP goes to the carrier as it is and
// back (media flows end to end: nothing of ours in the path). A browser's cannot — a carrier
// speaks plain RTP, the browser only ICE + DTLS-SRTP — so its offer is anchored in rtpengine
// toward plain RTP and the carrier's answer anchored back toward the browser; the media call
// is freed when the call ends. Without a media server a browser's call is refused (488).
import type { MediaServer } from '../../../media/index.js';

export interface OutboundMedia {
  /** The SDP offered to every trunk tried. */
  offer: string;
  /** The SDP to answer the phone with, from the carrier's answer. */
  answer(carrierSdp: string): Promise<string>;
  /** Frees what the call held (never throws). */
  close(): Promise<void>;
}

const AGENT = 'agent';
const CARRIER = 'carrier';

export const isBrowserOffer = (sdp: string): boolean => /UDP\/TLS\/RTP\/SAVPF/.test(sdp);

export async function outboundMedia(phoneSdp: string, media: MediaServer | undefined, mediaCallId: string): Promise<OutboundMedia | undefined> {
  if (!isBrowserOffer(phoneSdp)) return { offer: phoneSdp, answer: async (sdp) => sdp, close: async () => undefined };
  if (!media) return undefined;
  const offer = await media.anchorOffer(mediaCallId, AGENT, phoneSdp, { webrtc: true, towardWebrtc: false });
  return {
    offer,
    answer: (carrierSdp) => media.anchorAnswer(mediaCallId, CARRIER, carrierSdp, { webrtc: false }),
    close: async () => {
      await media.deleteCall(mediaCallId).catch(() => undefined);
    },
  };
}

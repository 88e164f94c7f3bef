// The media of an agent's outbound call. With a media server (the center's case) the phone's
// offer is anchored in rtpengine toward plain RTP and the carrier's answer anchored back: a
// browser's ICE + DTLS-SRTP meets the carrier's plain RTP, and every outbound call is recorded
// from the carrier's answer like a queue call from the agent's, its files indexed when the
// call's media is freed. Without one (the app wired on its own), a desk phone's SDP goes to
// the carrier as it is and a browser's call is refused (488).
import type { Logger } from 'pino';
import type { MediaServer, RecordingInfo } from '../../../media/index.js';

export interface OutboundMedia {
  /** The SDP offered to every trunk tried. */
  offer: string;
  /** The SDP to answer the phone with, from the carrier's answer; the recording starts. */
  answer(carrierSdp: string): Promise<string>;
  /** Frees what the call held; the recordings made (never throws). */
  close(): Promise<RecordingInfo[]>;
}

const AGENT = 'agent';
const CARRIER = 'carrier';

export const isBrowserOffer = (sdp: string): boolean => /UDP\/TLS\/RTP\/SAVPF/.test(sdp);

export async function outboundMedia(phoneSdp: string, media: MediaServer | undefined, mediaCallId: string, log: Logger): Promise<OutboundMedia | undefined> {
  if (!media) return isBrowserOffer(phoneSdp) ? undefined : { offer: phoneSdp, answer: async (sdp) => sdp, close: async () => [] };
  const webrtc = isBrowserOffer(phoneSdp);
  const offer = await media.anchorOffer(mediaCallId, AGENT, phoneSdp, { webrtc, towardWebrtc: false });
  return {
    offer,
    async answer(carrierSdp) {
      const sdp = await media.anchorAnswer(mediaCallId, CARRIER, carrierSdp, { webrtc: false });
      await media.startRecording(mediaCallId).catch((err: unknown) => log.warn({ err: String(err) }, 'recording of the outbound call did not start'));
      return sdp;
    },
    close: () => media.deleteCall(mediaCallId).catch(() => []),
  };
}

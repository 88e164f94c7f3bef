// sip.js wants a SessionDescriptionHandler; a browser would use WebRTC. In Node there is none,
// so this one offers and accepts a fixed plain-RTP SDP and remembers the remote one. Enough
// for signalling tests; no media flows.
import type { BodyAndContentType, SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';

export const PHONE_SDP = [
  'v=0', 'o=phone 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
  'm=audio 41000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', '',
].join('\r\n');

export class PlainSdpHandler implements SessionDescriptionHandler {
  remoteSdp: string | undefined;

  close(): void {
    this.remoteSdp = undefined;
  }

  async getDescription(): Promise<BodyAndContentType> {
    return { body: PHONE_SDP, contentType: 'application/sdp' };
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  async setDescription(sdp: string): Promise<void> {
    if (!sdp.startsWith('v=0')) throw new Error('not an SDP');
    this.remoteSdp = sdp;
  }

  sendDtmf(): boolean {
    return false;
  }
}

export const plainSdpFactory: SessionDescriptionHandlerFactory = () => new PlainSdpHandler();

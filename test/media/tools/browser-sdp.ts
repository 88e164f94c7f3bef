// SDP shaped like Chromium's (ICE, DTLS fingerprint, rtcp-mux, mid, BUNDLE group, msid,
// extmap, opus first), for checking what rtpengine makes of a browser leg without a browser.
import { randomBytes } from 'node:crypto';

const fingerprint = (): string => [...randomBytes(32)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');

export function browserSdp(port: number, options: { setup: 'actpass' | 'active'; opusOnly?: boolean; mid?: string }): string {
  const mid = options.mid ?? '0';
  const pts = options.opusOnly ? '111 126' : '111 0 8 126';
  const lines = [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    `a=group:BUNDLE ${mid}`,
    'a=extmap-allow-mixed',
    'a=msid-semantic: WMS stream',
    `m=audio ${port} UDP/TLS/RTP/SAVPF ${pts}`,
    'c=IN IP4 127.0.0.1',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=candidate:1 1 udp 2122260223 127.0.0.1 ${port} typ host generation 0 network-id 1`,
    `a=ice-ufrag:${randomBytes(3).toString('hex')}`,
    `a=ice-pwd:${randomBytes(12).toString('hex')}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint()}`,
    `a=setup:${options.setup}`,
    `a=mid:${mid}`,
    'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    'a=sendrecv',
    'a=msid:stream track',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    ...(options.opusOnly ? [] : ['a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000']),
    'a=rtpmap:126 telephone-event/8000',
    'a=ssrc:1234 cname:switchboardtest',
    'a=ssrc:1234 msid:stream track',
  ];
  return lines.join('\r\n') + '\r\n';
}

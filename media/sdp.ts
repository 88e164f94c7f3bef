// Minimal SDP reading and writing: only what media/ needs to point rtpengine at our own
// sockets (recorder forks) and to give an IVR leg a sendrecv dummy peer. The codecs of leg SDP
// are chosen in codec-offer.ts; what rtpengine writes for a leg is cleaned in sdp-scrub.ts.

export interface AudioSection {
  address: string;
  port: number;
  payloadTypes: number[];
  /** Payload type of telephone-event/8000, if offered. */
  telephoneEvent?: number;
}

/** The audio m= sections of an SDP, with the connection address that applies to each. */
export function audioSections(sdp: string): AudioSection[] {
  const lines = sdp.split(/\r?\n/);
  let sessionAddress = '';
  const sections: AudioSection[] = [];
  let current: AudioSection | null = null;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      const [, port, , ...pts] = line.slice(2).split(' ');
      current = line.startsWith('m=audio') ? { address: sessionAddress, port: Number(port), payloadTypes: pts.map(Number) } : null;
      if (current) sections.push(current);
    } else if (line.startsWith('c=')) {
      const address = line.split(' ')[2] ?? '';
      if (current) current.address = address;
      else sessionAddress = address;
    } else if (current && /^a=rtpmap:\d+ telephone-event\/8000/i.test(line)) {
      current.telephoneEvent = Number(line.slice(9).split(' ')[0]);
    }
  }
  return sections;
}

/** True if any audio section offers PCMU (static payload type 0, or an rtpmap naming it). */
export function offersPcmu(sdp: string): boolean {
  return audioSections(sdp).some((s) => s.payloadTypes.includes(0)) || /^a=rtpmap:\d+ PCMU\/8000/im.test(sdp);
}

/** A plain PCMU (+ telephone-event) SDP for one or more audio streams at the given ports. */
export function plainAudioSdp(address: string, ports: number[], direction: 'sendrecv' | 'recvonly' | 'sendonly', telephoneEventPt: number | null = 101): string {
  const lines = [
    'v=0',
    `o=switchboard ${Date.now()} 1 IN IP4 ${address}`,
    's=switchboard',
    `c=IN IP4 ${address}`,
    't=0 0',
  ];
  for (const port of ports) {
    if (telephoneEventPt === null) {
      lines.push(`m=audio ${port} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000');
    } else {
      lines.push(
        `m=audio ${port} RTP/AVP 0 ${telephoneEventPt}`,
        'a=rtpmap:0 PCMU/8000',
        `a=rtpmap:${telephoneEventPt} telephone-event/8000`,
        `a=fmtp:${telephoneEventPt} 0-16`,
      );
    }
    lines.push('a=ptime:20', `a=${direction}`);
  }
  return lines.join('\r\n') + '\r\n';
}

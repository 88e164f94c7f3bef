// Which codec a call runs on, and what each leg is offered, so that a caller and an agent who
// share a codec talk without transcoding (G.722 desk phone <-> G.722 caller end to end).
//
// The caller is answered by the IVR before any agent exists, and bridging the agent sends the
// caller no re-INVITE (media-server.ts). So the codec chosen at the IVR answer is the caller's
// codec for the whole call: the IVR's dummy peer answers with the caller's own first codec
// (not PCMU), and the agent is offered exactly that codec first, then the common set rtpengine
// can transcode (PCMU, PCMA, G.722, opus), so any phone finds one. An agent answering the
// caller's codec gets the caller's packets untouched; one answering another codec is transcoded.
// The caller's other codecs are left out of the agent offer: an agent picking one of them
// would make rtpengine switch the caller's side to a codec the caller was never told about.
//
// telephone-event: the dummy peer answers every telephone-event payload the caller offered, at
// whatever clock rate (baresip's opus/48000 comes with telephone-event/8000), so RFC 4733
// digits keep flowing to the IVR; rtpengine adds telephone-event/48000 itself next to opus.
//
// Browsers keep today's behaviour: PCMU is preferred for them, opus when they offer no PCMU.
import type { BencodeValue } from './bencode.js';

export interface Codec {
  pt: number;
  /** As in the rtpmap, e.g. `G722`, `opus`, `telephone-event`. */
  name: string;
  rate: number;
  channels?: number;
}

/** Codecs rtpengine 10.5 decodes and encodes (`rtpengine --codecs`), in the order offered to agents. */
export const COMMON_CODECS = ['PCMU', 'PCMA', 'G722', 'opus'] as const;

const STATIC_PTS: Record<number, Codec> = {
  0: { pt: 0, name: 'PCMU', rate: 8000 },
  8: { pt: 8, name: 'PCMA', rate: 8000 },
  9: { pt: 9, name: 'G722', rate: 8000 },
  18: { pt: 18, name: 'G729', rate: 8000 },
};

/** The codecs of the first audio m= line, in the order the SDP lists them. */
export function offeredCodecs(sdp: string): Codec[] {
  const lines = sdp.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('m=audio'));
  if (start < 0) return [];
  const pts = (lines[start] ?? '').split(' ').slice(3).map(Number).filter((n) => Number.isInteger(n));
  const maps = new Map<number, Codec>();
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('m=')) break;
    const m = /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(line);
    if (m) maps.set(Number(m[1]), { pt: Number(m[1]), name: m[2] ?? '', rate: Number(m[3]), ...(m[4] ? { channels: Number(m[4]) } : {}) });
  }
  return pts.flatMap((pt) => {
    const codec = maps.get(pt) ?? STATIC_PTS[pt];
    return codec ? [codec] : [];
  });
}

const isCommon = (c: Codec): boolean => COMMON_CODECS.some((n) => n.toLowerCase() === c.name.toLowerCase());
const isTelephoneEvent = (c: Codec): boolean => c.name.toLowerCase() === 'telephone-event';

/**
 * The codec the caller's leg runs on: its first offered codec rtpengine can handle; for a
 * browser PCMU if offered (as before), else its first common codec. Null: none in common, and
 * the IVR answers PCMU as before (rtpengine transcodes).
 */
export function callerCodec(sdp: string, webrtc: boolean): Codec | null {
  const codecs = offeredCodecs(sdp);
  if (webrtc) return codecs.find((c) => c.name.toUpperCase() === 'PCMU') ?? codecs.find(isCommon) ?? null;
  return codecs.find(isCommon) ?? null;
}

/** The same codec in another SDP (rtpengine may have renumbered it). */
export function findCodec(sdp: string, codec: Codec): Codec | null {
  return offeredCodecs(sdp).find((c) => c.name.toLowerCase() === codec.name.toLowerCase() && c.rate === codec.rate) ?? null;
}

/**
 * The IVR's dummy peer answer to rtpengine's offer: the caller's codec plus every
 * telephone-event payload offered, sendrecv (rtpengine refuses to play into a recvonly leg).
 */
export function ivrPeerAnswer(offered: string, codec: Codec): string {
  const codecs = offeredCodecs(offered);
  const chosen = findCodec(offered, codec);
  if (!chosen) throw new Error(`codec ${codec.name}/${codec.rate} missing from the offer to the IVR peer`);
  const events = codecs.filter(isTelephoneEvent);
  const lines = ['v=0', `o=switchboard ${Date.now()} 1 IN IP4 127.0.0.1`, 's=switchboard', 'c=IN IP4 127.0.0.1', 't=0 0'];
  lines.push(`m=audio 9 RTP/AVP ${[chosen, ...events].map((c) => c.pt).join(' ')}`);
  for (const c of [chosen, ...events]) lines.push(`a=rtpmap:${c.pt} ${c.name}/${c.rate}${c.channels ? `/${c.channels}` : ''}`);
  for (const e of events) lines.push(`a=fmtp:${e.pt} 0-16`);
  lines.push('a=ptime:20', 'a=sendrecv');
  return lines.join('\r\n') + '\r\n';
}

/**
 * The caller's SDP reduced to its running codec and its telephone-events (first audio m= line
 * only; rtpmap/fmtp lines of the dropped payloads go too), the base of every agent offer.
 */
export function onlyCodec(sdp: string, codec: Codec): string {
  const keep = new Set([codec.pt, ...offeredCodecs(sdp).filter(isTelephoneEvent).map((c) => c.pt)]);
  let inFirstAudio = false;
  let seenAudio = false;
  const out: string[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      inFirstAudio = line.startsWith('m=audio') && !seenAudio;
      if (line.startsWith('m=audio')) seenAudio = true;
      if (inFirstAudio) {
        const [media, port, proto] = line.split(' ');
        out.push([media, port, proto, ...[...keep].map(String)].join(' '));
        continue;
      }
    }
    const payload = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)\s/.exec(line);
    if (inFirstAudio && payload && !keep.has(Number(payload[1]))) continue;
    out.push(line);
  }
  return out.join('\r\n');
}

/**
 * rtpengine `codec` options for an offer to an agent based on onlyCodec(): the common set
 * (minus the caller's codec) added by transcoding. A browser gets PCMU only added, as before.
 */
export function agentCodecOptions(codec: Codec, towardWebrtc: boolean): Record<string, BencodeValue> {
  const others = towardWebrtc ? ['PCMU'] : [...COMMON_CODECS];
  const transcode = others.filter((n) => n.toLowerCase() !== codec.name.toLowerCase());
  return transcode.length ? { codec: { transcode } } : {};
}

/**
 * An agent's answer reduced to its first codec (plus telephone-event). Phones answer with
 * every codec they share with the offer (baresip: `0 8 9 96 101`); rtpengine then sets up
 * transcoders for the extra ones and rewrites SSRCs even where the first codec is relayed
 * as is. The phone sends its first codec anyway.
 */
export function firstCodecOnly(sdp: string): string {
  const first = offeredCodecs(sdp).find((c) => !isTelephoneEvent(c));
  return first ? onlyCodec(sdp, first) : sdp;
}

// What a re-offer says about hold, in every form phones use: `a=sendonly` or `a=inactive` at
// media or session level (RFC 3264), and the RFC 2543 style `c=IN IP4 0.0.0.0`. The answer to a
// hold offer is built here from the SDP we last sent that party, with the reciprocal direction
// and a new o= version, so rtpengine never sees a hold direction (10.5 refuses `play media`
// toward a leg it was told is inactive) and the app drives the media itself (hold-media.ts).
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface HoldOffer {
  /** The party stops listening: it offered sendonly/inactive or a 0.0.0.0 connection. */
  held: boolean;
  /** The direction the party offered for its audio (media level over session level). */
  direction: Direction;
  /** RFC 2543 hold: the audio's connection address is 0.0.0.0. */
  zeroAddress: boolean;
}

const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m;
const CONNECTION = /^c=IN IP[46] (\S+)/m;

/** The session part and the first audio section of an SDP body. */
function parts(sdp: string): { session: string; audio: string } {
  const sections = sdp.split(/(?=^m=)/m);
  const session = sections[0] ?? '';
  const audio = sections.find((s) => s.startsWith('m=audio')) ?? '';
  return { session: session.startsWith('m=') ? '' : session, audio };
}

export function holdOffer(sdp: string): HoldOffer {
  const { session, audio } = parts(sdp);
  const direction = (DIRECTION.exec(audio)?.[1] ?? DIRECTION.exec(session)?.[1] ?? 'sendrecv') as Direction;
  const address = CONNECTION.exec(audio)?.[1] ?? CONNECTION.exec(session)?.[1] ?? '';
  const zeroAddress = address === '0.0.0.0' || address === '::';
  return { held: zeroAddress || direction === 'sendonly' || direction === 'inactive', direction, zeroAddress };
}

/** The direction an answer takes to an offered one (RFC 3264 §6.1); a 0.0.0.0 offerer cannot receive. */
export function answerDirection(offer: HoldOffer): Direction {
  const direction = offer.zeroAddress && offer.direction === 'sendrecv' ? 'sendonly' : offer.direction;
  if (direction === 'sendonly') return 'recvonly';
  if (direction === 'recvonly') return 'sendonly';
  return direction;
}

/**
 * `sdp` (ours, sent before) with every direction attribute replaced by one media-level
 * `a=<direction>` on each section and the o= version raised, as RFC 3264 §8 asks of a changed
 * SDP.
 */
export function withDirection(sdp: string, direction: Direction): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const stripped = sdp.replace(/^a=(sendrecv|sendonly|recvonly|inactive)[ \t]*\r?\n/gm, '');
  const sections = stripped.split(/(?=^m=)/m).map((s) => (s.startsWith('m=') ? `${s}${s.endsWith('\n') ? '' : eol}a=${direction}${eol}` : s));
  return sections.join('').replace(/^(o=\S+ \S+ )(\d+)/m, (_m, head: string, version: string) => `${head}${BigInt(version) + 1n}`);
}

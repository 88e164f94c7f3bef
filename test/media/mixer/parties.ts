// Shared by the mixer tests: parties as RTP endpoints, each anchored in its own rtpengine call
// and joined to one Mixer, and spectrum helpers that say whether a tone is heard.
import type { MediaFixture } from '../tools/fixture.js';
import type { RtpEndpoint } from '../tools/rtp-endpoint.js';
import { goertzelPower, rms } from '../tools/spectrum.js';
import type { Mixer } from '../../../media/index.js';

export interface Party {
  id: string;
  callId: string;
  endpoint: RtpEndpoint;
  freq: number;
}

export async function joinParty(fx: MediaFixture, mixer: Mixer, id: string, freq: number, prefix: string): Promise<Party> {
  const endpoint = await fx.endpoint();
  const callId = `${prefix}-${id}`;
  const sdp = await fx.media.joinMixer(callId, id, endpoint.sdp(), mixer, id);
  endpoint.setRemote(sdp);
  endpoint.start(freq);
  return { id, callId, endpoint, freq };
}

/** A tone of the parties' amplitude (8000) has power 8000²·N/4; heard = above 1 % of that. */
export function toneIn(samples: Int16Array, freq: number): boolean {
  return goertzelPower(samples, freq) > 0.01 * (8000 ** 2 / 4) * samples.length;
}

/** Whether `p` heard `freq` between `from` and `to` (throws when too little audio arrived). */
export function hears(p: Party, freq: number, from: number, to = Infinity): boolean {
  const s = p.endpoint.samples(from, to);
  if (s.length < 1600) throw new Error(`${p.id} received only ${s.length} samples`);
  return toneIn(s, freq);
}

export function describeHeard(p: Party, freqs: number[], from: number, to = Infinity): string {
  const s = p.endpoint.samples(from, to);
  return `${p.id}: ${s.length} samples, rms ${rms(s).toFixed(0)}, ` + freqs.map((f) => `${f} Hz ${goertzelPower(s, f).toExponential(1)}`).join(', ');
}

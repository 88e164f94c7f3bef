// An SDES agent phone's re-offer (its resume, a codec change) on a call whose caller speaks
// SDES too. Found with rtpengine 10.5 and two baresip phones: an offer copies the offerer's
// a=crypto keys toward the other leg, so the agent's re-offer sent as an offer toward the
// caller switched the caller-facing key to the agent's, and the caller, who gets no
// re-INVITE (hold.ts), could decrypt nothing more (baresip 1.0.0 does not re-key even when
// re-INVITEd). An answer keeps the keys each leg has, so the re-offer is anchored the other
// way round: the caller's last active SDP is re-offered toward the agent (the keys the agent
// already has) and the agent's SDP is that offer's answer.
import { cryptoOf, isEncrypted } from '../../../media/index.js';

/** True when both parties speak SDES and the re-offer comes from the agent's phone. */
export function reofferAsAnswer(by: 'agent' | 'caller', callerSdp: string, agentSdp: string): boolean {
  return by === 'agent' && isEncrypted(cryptoOf(callerSdp)) && isEncrypted(cryptoOf(agentSdp)) && /^a=crypto:/m.test(agentSdp);
}

/**
 * rtpengine's offer toward the agent made into the answer to the agent's re-offer: only the
 * a=crypto line with the tag and suite the agent's offer carries first (an answer has one).
 */
export function answerFromOffer(offer: string, agentOffer: string): string {
  const first = /^a=crypto:(\d+) (\S+) /m.exec(agentOffer);
  const lines = offer.split(/\r?\n/);
  const cryptos = lines.filter((l) => l.startsWith('a=crypto:'));
  const keep = cryptos.find((l) => first && l.split(' ')[1] === first[2]) ?? cryptos[0];
  return lines.filter((l) => !l.startsWith('a=crypto:') || l === keep)
    .map((l) => (l === keep && first ? l.replace(/^a=crypto:\d+/, `a=crypto:${first[1]}`) : l)).join('\r\n');
}

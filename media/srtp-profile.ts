// SDES-SRTP for phone legs (RFC 4568 a=crypto; RFC 8643 opportunistic SRTP). Browsers keep
// DTLS-SRTP (leg-profiles.ts); this file decides, for a leg that is not a browser, which
// transport its SDP names and which ng options make rtpengine speak it. rtpengine terminates
// SRTP on each leg, so the other leg, recordings and listen-in see plain RTP.
//
// Found with Debian's rtpengine 10.5: an answer toward a SAVP offerer is plain RTP/AVP when
// `transport-protocol: 'RTP/AVP'` is forced (the old profile did, and SRTP callers hung up);
// left at the offerer's protocol it carries a=crypto. 10.5 knows no `only-<suite>`, so the
// suites we do not offer are excluded one by one with `no-<suite>`. The flags also filter what
// the offering phone proposes, so toward a plain leg only the NULL (unencrypted) suites are
// excluded: a caller offering just AES_256_CM_HMAC_SHA1_80 still gets an a=crypto answer.
import type { BencodeValue } from './bencode.js';

type NgParams = Record<string, BencodeValue>;

/** The agent and trunk setting: plain RTP, SRTP if the phone takes it, or SRTP only. */
export const MEDIA_ENCRYPTIONS = ['none', 'optional', 'required'] as const;
export type MediaEncryption = (typeof MEDIA_ENCRYPTIONS)[number];

/** What a phone leg speaks: its m= protocol, and whether it carries a=crypto over RTP/AVP (OSRTP). */
export interface PhoneCrypto {
  protocol: 'RTP/AVP' | 'RTP/AVPF' | 'RTP/SAVP' | 'RTP/SAVPF';
  osrtp: boolean;
}

export const PLAIN_RTP: PhoneCrypto = { protocol: 'RTP/AVP', osrtp: false };

/**
 * RFC 4568's mandatory suites. Phones that do SDES all know them; the AEAD, 192/256-bit and
 * F8 suites are not universal, and the NULL suites do not encrypt.
 */
export const SDES_SUITES = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const;
const EXCLUDED_SUITES = [
  'AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_256_CM_HMAC_SHA1_80', 'AES_256_CM_HMAC_SHA1_32',
  'AES_192_CM_HMAC_SHA1_80', 'AES_192_CM_HMAC_SHA1_32', 'F8_128_HMAC_SHA1_80', 'F8_128_HMAC_SHA1_32',
  'NULL_HMAC_SHA1_80', 'NULL_HMAC_SHA1_32',
];
const SDES_FLAGS = EXCLUDED_SUITES.map((suite) => `no-${suite}`);
/** What a phone offers us is taken in any real cipher it has; only the NULL suites are refused. */
const NULL_FLAGS = ['no-NULL_HMAC_SHA1_80', 'no-NULL_HMAC_SHA1_32'];

/** The crypto a phone's SDP asks for (its first audio section decides). */
export function cryptoOf(sdp: string): PhoneCrypto {
  const audio = sdp.split(/^m=/m).find((section) => section.startsWith('audio '));
  if (!audio) return PLAIN_RTP;
  const protocol = audio.split(/\s+/)[2] ?? '';
  const hasCrypto = /^a=crypto:/m.test(audio);
  if (protocol === 'RTP/SAVP' || protocol === 'RTP/SAVPF') return { protocol, osrtp: false };
  if (protocol === 'RTP/AVPF') return { protocol, osrtp: hasCrypto };
  return { protocol: 'RTP/AVP', osrtp: hasCrypto };
}

/** True when media toward/from the leg is encrypted (SAVP/SAVPF, or a=crypto over AVP). */
export function isEncrypted(c: PhoneCrypto): boolean {
  return c.osrtp || c.protocol === 'RTP/SAVP' || c.protocol === 'RTP/SAVPF';
}

/** True when the SDP offers any encrypted media: SDES over any profile, or DTLS-SRTP. */
export function offersEncryption(sdp: string): boolean {
  return isEncrypted(cryptoOf(sdp)) || /^m=audio \S+ UDP\/TLS\/RTP\/SAVPF?/m.test(sdp);
}

/** What we offer a desk phone under its agent setting: OSRTP for 'optional', RTP/SAVP for 'required'. */
export function cryptoFor(setting: MediaEncryption): PhoneCrypto {
  if (setting === 'required') return { protocol: 'RTP/SAVP', osrtp: false };
  if (setting === 'optional') return { protocol: 'RTP/AVP', osrtp: true };
  return PLAIN_RTP;
}

/**
 * The ng options (merged over the plain phone profile) for SDP sent to a phone leg that speaks
 * `toward`. In an offer, `from` is what the offering leg speaks: its opportunistic a=crypto is
 * accepted (`OSRTP: accept`) so that the answer back to it carries a=crypto too.
 */
export function sdesParams(toward: PhoneCrypto, from: PhoneCrypto = PLAIN_RTP): NgParams {
  const params: NgParams = { DTLS: 'off', 'transport-protocol': toward.protocol };
  const osrtp: string[] = [];
  if (toward.osrtp) osrtp.push('offer');
  if (from.osrtp) osrtp.push('accept');
  if (osrtp.length) params.OSRTP = osrtp;
  if (isEncrypted(toward)) params.SDES = [...SDES_FLAGS];
  else if (isEncrypted(from)) params.SDES = [...NULL_FLAGS];
  return params;
}

/**
 * The plain phone profile made into the answer going back to a phone offerer that speaks `toward`: its own
 * protocol. For an OSRTP offerer the protocol is left out: its offer was accepted as SRTP, and
 * forcing RTP/AVP would turn the answer plain (10.5 drops the a=crypto then).
 */
export function withSdesAnswer(plain: NgParams, toward: PhoneCrypto): NgParams {
  const { 'transport-protocol': _forced, ...rest } = plain;
  const params: NgParams = toward.osrtp ? { ...rest, DTLS: 'off' } : { ...rest, DTLS: 'off', 'transport-protocol': toward.protocol };
  if (isEncrypted(toward)) params.SDES = [...NULL_FLAGS];
  return params;
}

/** Words for logs and SIP reason phrases. */
export function describeCrypto(c: PhoneCrypto): string {
  if (c.osrtp) return `${c.protocol} with a=crypto (opportunistic SRTP)`;
  return isEncrypted(c) ? `${c.protocol} (SDES-SRTP)` : `${c.protocol} (plain RTP)`;
}

// The ng options per leg kind (plain phone, SDES-SRTP phone, opportunistic SRTP, DTLS browser),
// first as the pure profiles, then as the SDP a real rtpengine 10.5 sends each leg through
// MediaServer: a caller is answered in the protocol it offered (the old profile forced
// RTP/AVP and SRTP callers hung up), an agent phone is offered what its media_encryption
// setting says, a browser keeps DTLS-SRTP, and the NULL (unencrypted) suites are never chosen.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { answerToward, offerToward } from '../../../../media/leg-profiles.js';
import { cryptoOf, cryptoFor, offersEncryption, SDES_SUITES } from '../../../../media/srtp-profile.js';
import { startMedia, type MediaFixture } from '../../tools/fixture.js';
import { browserSdp } from '../../tools/browser-sdp.js';

// Master key + salt: 30 bytes for the 128-bit suites, 46 for the 256-bit ones (RFC 6188).
const keyFor = (suite: string): string => randomBytes(suite.startsWith('AES_256') ? 46 : 30).toString('base64');

function phoneSdp(port: number, protocol: string, suites: string[] = []): string {
  return [
    'v=0', `o=phone 1 1 IN IP4 127.0.0.1`, 's=phone', 'c=IN IP4 127.0.0.1', 't=0 0',
    `m=audio ${port} ${protocol} 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16',
    ...suites.map((s, i) => `a=crypto:${i + 1} ${s} inline:${keyFor(s)}`), 'a=sendrecv', '',
  ].join('\r\n');
}

const protocolOf = (sdp: string): string => /^m=audio \d+ (\S+)/m.exec(sdp)?.[1] ?? '';
const suitesOf = (sdp: string): string[] => [...sdp.matchAll(/^a=crypto:\d+ (\S+)/gm)].map((m) => m[1] ?? '');
const portOf = (sdp: string): string => /^m=audio (\d+)/m.exec(sdp)?.[1] ?? '';

describe('ng options per leg kind', { timeout: 60_000 }, () => {
  test('profiles: plain phone, SDES phone, OSRTP phone and browser get distinct transports', () => {
    const plain = offerToward(false, false);
    assert.equal(plain['transport-protocol'], 'RTP/AVP');
    assert.equal(plain.DTLS, 'off');
    assert.equal(plain.SDES, undefined, 'no crypto toward a plain phone');
    assert.equal(plain.OSRTP, undefined);

    const sdes = offerToward(false, false, false, false, { toward: cryptoFor('required') });
    assert.equal(sdes['transport-protocol'], 'RTP/SAVP');
    assert.equal(sdes.DTLS, 'off', 'SDES, not DTLS, toward a desk phone');
    assert.ok(Array.isArray(sdes.SDES) && sdes.SDES.includes('no-NULL_HMAC_SHA1_80') && !sdes.SDES.some((f) => String(f).includes('AES_CM_128')));

    const osrtp = offerToward(false, false, false, false, { toward: cryptoFor('optional') });
    assert.equal(osrtp['transport-protocol'], 'RTP/AVP');
    assert.deepEqual(osrtp.OSRTP, ['offer']);

    const browser = offerToward(true, false, false, false, { toward: cryptoFor('required') });
    assert.equal(browser['transport-protocol'], 'UDP/TLS/RTP/SAVPF', 'a browser keeps DTLS whatever the phone setting');
    assert.deepEqual(browser.SDES, ['off']);

    assert.equal(answerToward(false, false, false, { toward: cryptoOf(phoneSdp(5000, 'RTP/SAVPF', ['AES_CM_128_HMAC_SHA1_80'])) })['transport-protocol'], 'RTP/SAVPF');
    assert.equal(answerToward(true, false)['transport-protocol'], 'UDP/TLS/RTP/SAVPF');
    assert.deepEqual(cryptoOf(phoneSdp(5000, 'RTP/AVP', ['AES_CM_128_HMAC_SHA1_80'])), { protocol: 'RTP/AVP', osrtp: true });
    assert.equal(offersEncryption(phoneSdp(5000, 'RTP/AVP')), false);
    assert.equal(offersEncryption(browserSdp(5000, { setup: 'actpass' })), true);
  });

  describe('through a real rtpengine', () => {
    let fx: MediaFixture;
    let n = 0;
    before(async () => { fx = await startMedia(); });
    after(async () => { await fx?.close(); });

    async function ivrAndAgent(callerSdp: string, agent: { webrtc?: boolean; encryption?: 'none' | 'optional' | 'required' }) {
      const callId = `srtp-ng-${++n}`;
      const toCaller = await fx.media.anchorIvr(callId, 'caller', callerSdp);
      const toAgent = await fx.media.offerToAgent(callId, agent);
      return { callId, toCaller, toAgent };
    }

    test('a plain caller gets plain RTP; a plain agent setting offers plain RTP', async () => {
      const { callId, toCaller, toAgent } = await ivrAndAgent(phoneSdp(6000, 'RTP/AVP'), { encryption: 'none' });
      assert.equal(protocolOf(toCaller), 'RTP/AVP');
      assert.deepEqual(suitesOf(toCaller), []);
      assert.equal(protocolOf(toAgent), 'RTP/AVP');
      assert.deepEqual(suitesOf(toAgent), []);
      await fx.media.deleteCall(callId);
    });

    test('an SDES caller (RTP/SAVP) is answered RTP/SAVP with one a=crypto; each agent setting is honoured', async () => {
      const caller = phoneSdp(6002, 'RTP/SAVP', ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']);
      const plain = await ivrAndAgent(caller, { encryption: 'none' });
      assert.equal(protocolOf(plain.toCaller), 'RTP/SAVP', `answer to the caller:\n${plain.toCaller}`);
      assert.deepEqual(suitesOf(plain.toCaller), ['AES_CM_128_HMAC_SHA1_80']);
      assert.equal(protocolOf(plain.toAgent), 'RTP/AVP');
      assert.deepEqual(suitesOf(plain.toAgent), []);

      const required = await ivrAndAgent(caller, { encryption: 'required' });
      assert.equal(protocolOf(required.toAgent), 'RTP/SAVP');
      assert.deepEqual(suitesOf(required.toAgent), [...SDES_SUITES], 'only the RFC 4568 suites, no NULL/F8/AEAD');

      const optional = await ivrAndAgent(caller, { encryption: 'optional' });
      assert.equal(protocolOf(optional.toAgent), 'RTP/AVP', 'opportunistic SRTP keeps RTP/AVP');
      assert.deepEqual(suitesOf(optional.toAgent), [...SDES_SUITES]);

      // The agent's SRTP answer bridges without moving the caller's port or changing its protocol.
      const agentAnswer = phoneSdp(6004, 'RTP/SAVP', ['AES_CM_128_HMAC_SHA1_80']);
      const toCallerAfter = await fx.media.bridge(required.callId, 'agent', agentAnswer);
      assert.equal(protocolOf(toCallerAfter), 'RTP/SAVP');
      assert.equal(portOf(toCallerAfter), portOf(required.toCaller));
      for (const c of [plain, required, optional]) await fx.media.deleteCall(c.callId);
    });

    test('an RTP/SAVPF caller is answered RTP/SAVPF; an OSRTP caller is answered RTP/AVP with a=crypto', async () => {
      const savpf = await ivrAndAgent(phoneSdp(6006, 'RTP/SAVPF', ['AES_CM_128_HMAC_SHA1_80']), { encryption: 'none' });
      assert.equal(protocolOf(savpf.toCaller), 'RTP/SAVPF');
      assert.equal(suitesOf(savpf.toCaller).length, 1);
      const osrtp = await ivrAndAgent(phoneSdp(6008, 'RTP/AVP', ['AES_CM_128_HMAC_SHA1_80']), { encryption: 'none' });
      assert.equal(protocolOf(osrtp.toCaller), 'RTP/AVP');
      assert.deepEqual(suitesOf(osrtp.toCaller), ['AES_CM_128_HMAC_SHA1_80'], `answer to an OSRTP caller:\n${osrtp.toCaller}`);
      await fx.media.deleteCall(savpf.callId);
      await fx.media.deleteCall(osrtp.callId);
    });

    test('a caller offering a NULL suite first is answered with a real cipher', async () => {
      const c = await ivrAndAgent(phoneSdp(6010, 'RTP/SAVP', ['NULL_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_80']), { encryption: 'none' });
      assert.deepEqual(suitesOf(c.toCaller), ['AES_CM_128_HMAC_SHA1_80']);
      await fx.media.deleteCall(c.callId);
    });

    test('a caller offering only a 256-bit suite keeps it, also after an SRTP agent is bridged', async () => {
      const c = await ivrAndAgent(phoneSdp(6014, 'RTP/SAVP', ['AES_256_CM_HMAC_SHA1_80']), { encryption: 'required' });
      assert.deepEqual(suitesOf(c.toCaller), ['AES_256_CM_HMAC_SHA1_80'], `answer to the caller:\n${c.toCaller}`);
      assert.deepEqual(suitesOf(c.toAgent), [...SDES_SUITES]);
      const toCallerAfter = await fx.media.bridge(c.callId, 'agent', phoneSdp(6016, 'RTP/SAVP', ['AES_CM_128_HMAC_SHA1_80']));
      assert.deepEqual(suitesOf(toCallerAfter), ['AES_256_CM_HMAC_SHA1_80'], `after the bridge:\n${toCallerAfter}`);
      await fx.media.deleteCall(c.callId);
    });

    test('a browser agent gets DTLS-SRTP (fingerprint, no a=crypto) from an SDES caller', async () => {
      const c = await ivrAndAgent(phoneSdp(6012, 'RTP/SAVP', ['AES_CM_128_HMAC_SHA1_80']), { webrtc: true, encryption: 'required' });
      assert.equal(protocolOf(c.toAgent), 'UDP/TLS/RTP/SAVPF');
      assert.match(c.toAgent, /^a=fingerprint:/m);
      assert.deepEqual(suitesOf(c.toAgent), []);
      await fx.media.deleteCall(c.callId);
    });
  });
});

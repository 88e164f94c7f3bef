// Pure logic of the registrar's digest pieces: RFC test vectors for the response computation
// (RFC 2617 §3.5 MD5, RFC 7616 §3.9.1 SHA-256), header parsing, nonce lifetime and replay,
// and the failure counter of the security guard.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import pino from 'pino';
import { DigestParseError, expectedResponse, parseDigestAuthorization, responsesMatch } from '../../../server/sip/digest.js';
import { NonceStore } from '../../../server/sip/nonce-store.js';
import { SecurityGuard } from '../../../server/sip/security-guard.js';

const ha1 = (alg: 'md5' | 'sha256', a1: string): string => createHash(alg).update(a1).digest('hex');

describe('digest response', () => {
  it('matches the RFC 2617 MD5 example', () => {
    const creds = parseDigestAuthorization('Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
      'uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    const want = expectedResponse(creds, ha1('md5', 'Mufasa:testrealm@host.com:Circle Of Life'), 'GET');
    assert.equal(want, '6629fae49393a05397450978507c4ef1');
    assert.ok(responsesMatch(creds.response, want));
  });

  it('matches the RFC 7616 SHA-256 example', () => {
    const creds = parseDigestAuthorization('Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, ' +
      'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, ' +
      'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
    assert.equal(expectedResponse(creds, ha1('sha256', 'Mufasa:http-auth@example.org:Circle of Life'), 'GET'), creds.response);
  });

  it('parses quoted values with commas and escapes, rejects incomplete or unsupported ones', () => {
    const c = parseDigestAuthorization('Digest username="a\\"b", realm="r, with comma", nonce=n, uri="sip:x", response="ab12"');
    assert.equal(c.username, 'a"b');
    assert.equal(c.realm, 'r, with comma');
    assert.equal(c.algorithm, 'MD5');
    assert.throws(() => parseDigestAuthorization('Basic dXNlcjpwYXNz'), DigestParseError);
    assert.throws(() => parseDigestAuthorization('Digest username="a", realm="r", nonce="n", uri="u"'), /missing response/);
    assert.throws(() => parseDigestAuthorization('Digest username="a", realm="r", nonce="n", uri="u", response="00", qop=auth'), /nc/);
    assert.throws(() => parseDigestAuthorization('Digest username="a", realm="r", nonce="n", uri="u", response="00", algorithm=SHA-512-256'), /unsupported algorithm/);
    assert.throws(() => parseDigestAuthorization('Digest realm="r", username="abc'), /unterminated/);
  });
});

describe('nonce store', () => {
  it('knows its nonces, spots tampering and expiry, refuses replays', () => {
    const store = new NonceStore({ ttlSec: 60 });
    const now = Date.now();
    const nonce = store.issue(now);
    assert.equal(store.check(nonce, now), 'valid');
    assert.equal(store.check(nonce, now + 61_000), 'stale');
    assert.equal(new NonceStore({ ttlSec: 60 }).check(nonce, now), 'invalid', 'another secret');
    const tampered = (nonce[0] === 'A' ? 'B' : 'A') + nonce.slice(1);
    assert.equal(store.check(tampered, now), 'invalid');
    assert.equal(store.check('not a nonce', now), 'invalid');
    assert.equal(store.use(nonce, 1, now), true);
    assert.equal(store.use(nonce, 1, now), false, 'same nonce count again');
    assert.equal(store.use(nonce, 2, now), true, 'next nonce count');
    const single = store.issue(now);
    assert.equal(store.use(single, undefined, now), true);
    assert.equal(store.use(single, undefined, now), false, 'without qop a nonce is single-use');
  });

  it('shares nonces between nodes with the same secret', () => {
    const secret = Buffer.alloc(32, 7);
    assert.equal(new NonceStore({ ttlSec: 60, secret }).check(new NonceStore({ ttlSec: 60, secret }).issue()), 'valid');
  });
});

describe('security guard', () => {
  const quiet = pino({ level: 'silent' });

  it('blocks an address at the Nth failure within the window, for the block period', () => {
    const guard = new SecurityGuard(quiet, { maxFailures: 3, windowSec: 10, blockSec: 30 });
    const t0 = 1_000_000;
    assert.equal(guard.fail('198.51.100.7', 'a', 'wrong-password', t0), 'counted');
    assert.equal(guard.fail('198.51.100.7', 'a', 'wrong-password', t0 + 11_000), 'counted', 'the first one left the window');
    assert.equal(guard.fail('198.51.100.7', 'a', 'wrong-password', t0 + 12_000), 'counted');
    assert.equal(guard.fail('198.51.100.8', 'a', 'wrong-password', t0 + 12_000), 'counted', 'other addresses count apart');
    assert.equal(guard.fail('198.51.100.7', 'a', 'wrong-password', t0 + 13_000), 'blocked');
    assert.equal(guard.isBlocked('198.51.100.7', t0 + 42_000), true);
    assert.equal(guard.isBlocked('198.51.100.8', t0 + 13_000), false);
    assert.equal(guard.isBlocked('198.51.100.7', t0 + 43_001), false, 'the block expires');
  });

  it('recognises scanner user agents, case-insensitively', () => {
    const guard = new SecurityGuard(quiet);
    assert.ok(guard.isScanner('friendly-scanner'));
    assert.ok(guard.isScanner('SIPVicious 0.3.4'));
    assert.ok(!guard.isScanner('Yealink SIP-T46S 66.86.0.15'));
    assert.ok(!guard.isScanner(undefined));
  });
});

// Bencode: round trips of random values, and garbage that never throws anything but BencodeError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { encode, decode, BencodeError, type DecodedValue } from '../../media/bencode.js';

function randomValue(depth: number): DecodedValue {
  const kind = randomInt(0, depth > 3 ? 2 : 4);
  if (kind === 0) return randomBytes(randomInt(0, 40));
  if (kind === 1) return randomInt(-(2 ** 46), 2 ** 46);
  if (kind === 2) return Array.from({ length: randomInt(0, 5) }, () => randomValue(depth + 1));
  const dict: Record<string, DecodedValue> = {};
  for (let i = randomInt(0, 5); i > 0; i--) dict[randomBytes(randomInt(1, 8)).toString('hex')] = randomValue(depth + 1);
  return dict;
}

test('decode(encode(x)) equals x for random values', () => {
  for (let i = 0; i < 2000; i++) {
    const value = randomValue(0);
    assert.deepEqual(decode(encode(value)), value);
  }
});

test('encodes the ng shapes rtpengine expects (sorted keys, utf-8 strings, binary blobs)', () => {
  assert.equal(encode({ sdp: 'v=0', command: 'offer', flags: ['a', 'b'], n: -3 }).toString(), 'd7:command5:offer5:flagsl1:a1:be1:ni-3e3:sdp3:v=0e');
  assert.equal(encode('é').toString('latin1'), '2:\u00c3\u00a9');
  const blob = Buffer.from([0, 255, 0x3a, 0x65, 10]);
  assert.deepEqual(decode(encode({ blob })), { blob });
});

test('garbage and truncated input only ever throw BencodeError', () => {
  const samples = ['', 'i', 'i-0e', 'i01e', 'ie', '5:abc', 'l', 'd1:a', 'd1:ai1e', 'di1ei2ee', '-1:', 'x', 'i1ei2e', 'd3:__proto__i1ee'];
  for (let i = 0; i < 3000; i++) {
    const valid = encode(randomValue(0));
    const mutated = Buffer.from(valid);
    for (let m = randomInt(1, 4); m > 0 && mutated.length; m--) mutated[randomInt(0, mutated.length)] = randomInt(0, 256);
    samples.push(mutated.toString('latin1'), valid.subarray(0, randomInt(0, valid.length)).toString('latin1'), randomBytes(randomInt(0, 30)).toString('latin1'));
  }
  for (const s of samples) {
    try {
      decode(Buffer.from(s, 'latin1'));
    } catch (err) {
      assert.ok(err instanceof BencodeError, `${JSON.stringify(s)} threw ${String(err)}`);
    }
  }
  // A "__proto__" key is an ordinary key, not a prototype change.
  const d = decode(Buffer.from('d9:__proto__i1ee')) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(d), Object.prototype);
  assert.equal(Object.keys(d)[0], '__proto__');
});

test('deep nesting is refused, not a stack overflow', () => {
  assert.throws(() => decode(Buffer.from('l'.repeat(100000) + 'e'.repeat(100000))), BencodeError);
});

// Stream framing of SIP over TCP and of the drachtio protocol: split, joined and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamFramer } from '../../../server/engine/transport/stream-framer.js';
import { FrameDecoder, encodeFrame, splitPayload } from '../../../server/engine/protocol/framing.js';

const msg = 'OPTIONS sip:a SIP/2.0\r\nContent-Length: 5\r\n\r\nhello';

test('SIP stream: messages split across chunks and joined in one chunk', () => {
  const f = new StreamFramer(65535);
  const whole = Buffer.from(msg + msg);
  const frames = [...f.push(whole.subarray(0, 10)), ...f.push(whole.subarray(10, 60)), ...f.push(whole.subarray(60))];
  assert.deepEqual(frames.map((x) => (x.kind === 'message' ? x.data.toString() : x.kind)), [msg, msg]);
});

test('SIP stream: double CRLF is a ping, a lone CRLF is skipped', () => {
  const f = new StreamFramer(65535);
  assert.deepEqual(f.push(Buffer.from('\r\n\r\n')).map((x) => x.kind), ['ping']);
  assert.deepEqual(f.push(Buffer.from('\r\n' + msg)).map((x) => x.kind), ['message']);
});

test('SIP stream: an oversize message is an error', () => {
  const f = new StreamFramer(1024);
  const frames = f.push(Buffer.from('OPTIONS sip:a SIP/2.0\r\nl: 99999\r\n\r\n'));
  assert.equal(frames[0]?.kind, 'error');
});

test('drachtio frames: UTF-8 byte lengths, split prefixes, several per chunk', () => {
  const d = new FrameDecoder(1 << 20);
  const a = encodeFrame('id1|ping');
  const b = encodeFrame('id2|sip|x\r\nINVITE é');
  const all = Buffer.from(a + b);
  const out = [...d.push(all.subarray(0, 1)), ...d.push(all.subarray(1, a.length + 3)), ...d.push(all.subarray(a.length + 3))];
  assert.deepEqual(out, ['id1|ping', 'id2|sip|x\r\nINVITE é']);
  assert.deepEqual(splitPayload(out[1] ?? ''), { tokens: ['id2', 'sip', 'x'], sip: 'INVITE é' });
});

test('drachtio frames: a malformed prefix throws', () => {
  assert.throws(() => new FrameDecoder(100).push(Buffer.from('12x#hello')));
  assert.throws(() => new FrameDecoder(100).push(Buffer.from('abc')));
  assert.throws(() => new FrameDecoder(100).push(Buffer.from('1000#')));
});

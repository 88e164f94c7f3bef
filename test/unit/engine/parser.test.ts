// The SIP parser on the message shapes RFC 3261 allows and on garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage, SipParseError } from '../../../server/engine/sip/parser.js';
import { SipRequest, SipResponse } from '../../../server/engine/sip/message.js';
import { parseUri, parseNameAddr, getTag, withTag } from '../../../server/engine/sip/uri.js';
import { parseVia, formatVia } from '../../../server/engine/sip/via.js';
import { splitList } from '../../../server/engine/sip/headers.js';

const invite = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: "Alice, A." <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com>',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\n',
].join('\r\n');

test('parses a request with its headers and body', () => {
  const msg = parseMessage(Buffer.from(invite), true);
  assert.ok(msg instanceof SipRequest);
  assert.equal(msg.method, 'INVITE');
  assert.equal(msg.uri, 'sip:bob@biloxi.example.com');
  assert.equal(msg.callId, 'a84b4c76e66710@pc33.atlanta.example.com');
  assert.deepEqual(msg.cseq, { seq: 314159, method: 'INVITE' });
  assert.equal(getTag(msg.get('from')), '1928301774');
  assert.equal(msg.body, 'v=0\n');
});

test('compact names, odd case, folded lines and LWS before the colon', () => {
  const text = [
    'OPTIONS sip:x@y SIP/2.0',
    'v: SIP/2.0/TCP h1;branch=z9hG4bK1, SIP/2.0/UDP h2;branch=z9hG4bK2',
    'VIA   : SIP/2.0/UDP h3;branch=z9hG4bK3',
    'f: <sip:a@b>;tag=1',
    't: <sip:x@y>',
    'i: abc',
    'cSeQ: 1 OPTIONS',
    'Subject: a folded',
    '  subject line',
    'l: 0',
    '', '',
  ].join('\r\n');
  const msg = parseMessage(Buffer.from(text), false);
  assert.equal(msg.getAll('via').length, 3);
  assert.equal(msg.get('call-id'), 'abc');
  assert.equal(msg.get('subject'), 'a folded subject line');
});

test('a bare-LF message parses', () => {
  const msg = parseMessage(Buffer.from(invite.replace(/\r\n/g, '\n').replace('Content-Length: 4', 'Content-Length: 4')), true);
  assert.equal(msg.callId, 'a84b4c76e66710@pc33.atlanta.example.com');
});

test('responses parse with their status and reason', () => {
  const text = 'SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: q\r\nCSeq: 2 INVITE\r\nContent-Length: 0\r\n\r\n';
  const msg = parseMessage(Buffer.from(text), false);
  assert.ok(msg instanceof SipResponse);
  assert.equal(msg.status, 486);
  assert.equal(msg.reason, 'Busy Here');
});

for (const [name, mutate, partial] of [
  ['missing Call-ID', (s: string) => s.replace(/Call-ID:.*\r\n/, ''), true],
  ['CSeq method mismatch', (s: string) => s.replace('314159 INVITE', '314159 BYE'), true],
  ['non-numeric CSeq', (s: string) => s.replace('314159 INVITE', 'abc INVITE'), true],
  ['Content-Length too large', (s: string) => s.replace('Content-Length: 4', 'Content-Length: 400'), true],
  ['negative Content-Length', (s: string) => s.replace('Content-Length: 4', 'Content-Length: -4'), true],
  ['bad version', (s: string) => s.replace('SIP/2.0\r\nVia', 'SIP/7.0\r\nVia'), true],
  ['bad header line', (s: string) => s.replace('Max-Forwards: 70', 'Max Forwards 70'), true],
  ['bad Max-Forwards', (s: string) => s.replace('Max-Forwards: 70', 'Max-Forwards: seventy'), true],
  ['garbage start line', () => '\x00\x01\x02 nonsense\r\n\r\n', false],
  ['status out of range', () => 'SIP/2.0 999 Huh\r\n\r\n', false],
] as const) {
  test(`rejects ${name}`, () => {
    assert.throws(() => parseMessage(Buffer.from(mutate(invite)), true), (err: unknown) => {
      assert.ok(err instanceof SipParseError);
      assert.equal(err.partial !== undefined, partial);
      return true;
    });
  });
}

test('serializes with a byte-counted Content-Length and round-trips', () => {
  const msg = parseMessage(Buffer.from(invite), true);
  msg.body = 'é';
  const again = parseMessage(Buffer.from(msg.toString()), false);
  assert.equal(again.get('content-length'), '2');
  assert.equal(again.body, 'é');
  assert.equal(again.get('from'), msg.get('from'));
});

test('fuzz: random mutations never throw anything but SipParseError', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const base = Buffer.from(invite);
  for (let i = 0; i < 20000; i++) {
    const buf = Buffer.from(base);
    const edits = 1 + rand(8);
    for (let e = 0; e < edits; e++) buf[rand(buf.length)] = rand(256);
    const cut = rand(4) === 0 ? buf.subarray(0, rand(buf.length)) : buf;
    try {
      parseMessage(cut, rand(2) === 0);
    } catch (err) {
      assert.ok(err instanceof SipParseError, `unexpected ${String(err)}`);
    }
  }
});

test('URIs, name-addrs and tags', () => {
  const u = parseUri('sip:alice:secret@[2001:db8::1]:5070;transport=tcp;lr?subject=x');
  assert.equal(u?.user, 'alice');
  assert.equal(u?.host, '[2001:db8::1]');
  assert.equal(u?.port, 5070);
  assert.equal(u?.params.get('transport'), 'tcp');
  assert.equal(u?.params.get('lr'), null);
  const na = parseNameAddr('"Smith, <J>" <sip:j@x;transport=udp>;expires=60');
  assert.equal(na?.uri, 'sip:j@x;transport=udp');
  assert.equal(na?.params.get('expires'), '60');
  assert.equal(withTag('sip:a@b;user=phone', 'T'), '<sip:a@b>;user=phone;tag=T');
  assert.equal(getTag(withTag('<sip:a@b>', 'T')), 'T');
  assert.deepEqual(splitList('<sip:a;x=1,2>, "B, b" <sip:b>,sip:c'), ['<sip:a;x=1,2>', '"B, b" <sip:b>', 'sip:c']);
});

test('Via parses and formats with rport and received', () => {
  const v = parseVia('SIP / 2.0 / udp host.example:5062 ;branch=z9hG4bKabc;rport');
  assert.equal(v?.transport, 'UDP');
  assert.equal(v?.port, 5062);
  v?.params.set('rport', '6000');
  v?.params.set('received', '10.0.0.1');
  assert.equal(formatVia(v!), 'SIP/2.0/UDP host.example:5062;branch=z9hG4bKabc;rport=6000;received=10.0.0.1');
});

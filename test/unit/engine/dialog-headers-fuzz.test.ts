// Fuzz of the headers a dialog is built from (Contact, Record-Route), through the parser and
// the edge rules: nothing throws but SipParseError, and whatever the edge lets through can be
// turned into an in-dialog BYE that parses again — so an app is never handed a dialog whose
// BYE could go nowhere. Plus the URI and NAT rules the in-dialog routing relies on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage, SipParseError } from '../../../server/engine/sip/parser.js';
import { SipRequest, SipResponse } from '../../../server/engine/sip/message.js';
import { routableSipUri, uriOf } from '../../../server/engine/sip/uri.js';
import { edgeRefusal, unusable2xx } from '../../../server/engine/core/edge-refusal.js';
import { natNextHop } from '../../../server/engine/core/in-dialog-hop.js';
import { resolveDestination, DestinationError } from '../../../server/engine/core/destination.js';
import { Dialog } from '../../../server/engine/dialog/dialog.js';
import { buildInDialogRequest } from '../../../server/engine/dialog/in-dialog-request.js';

const invite = (extra: string[]): string => [
  'INVITE sip:svc@127.0.0.1 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKfuzz',
  'Max-Forwards: 70',
  'From: <sip:a@127.0.0.1>;tag=f1',
  'To: <sip:svc@127.0.0.1>',
  'Call-ID: fuzz@127.0.0.1',
  'CSeq: 1 INVITE',
  ...extra,
  'Content-Length: 0', '', '',
].join('\r\n');

function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

/** Random header values made of the characters SIP syntax turns on, around a valid skeleton. */
function value(rand: (n: number) => number): string {
  const pieces = ['<', '>', 'sip:', 'sips:', 'tel:', '@', ':', ';', ';lr', ';transport=ws', ';transport=tcp', '=', ',', '"', '\\', ' ', '\t',
    '[', ']', '::1', '127.0.0.1', 'host', '.invalid', 'x', '5060', '0', '99999', '?', '%41', '*', 'é', '\x00', '\x7f'];
  const skeletons = ['<sip:u@h:5060;transport=udp>', '"Name" <sip:u@10.0.0.1>;expires=30', 'sip:u@h', '<sip:p.example.com;lr>'];
  let out = rand(2) === 0 ? skeletons[rand(skeletons.length)] ?? '' : '';
  const n = rand(8);
  for (let i = 0; i < n; i++) {
    const at = rand(out.length + 1);
    out = out.slice(0, at) + (pieces[rand(pieces.length)] ?? '') + out.slice(at + (rand(3) === 0 ? 1 : 0));
  }
  return out;
}

function dialogFrom(req: SipRequest): Dialog {
  return new Dialog('id', 'uas', req.callId, 'local', 'f1', '<sip:svc@127.0.0.1>;tag=local', req.get('from') ?? '', 1,
    uriOf(req.get('contact') ?? ''), req.getAll('record-route'), '<sip:127.0.0.1:5060>', 'udp', { transport: 'udp', address: '127.0.0.1', port: 5070 }, undefined);
}

describe('dialog headers at the edge', { timeout: 60_000 }, () => {
  test('fuzz: Contact and Record-Route never throw; what the edge accepts yields a BYE that parses', () => {
    const rand = rng(4242);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 20000; i++) {
      const lines: string[] = [];
      if (rand(5) !== 0) lines.push(`${rand(4) === 0 ? 'm' : 'Contact'}: ${value(rand)}`);
      for (let r = rand(3); r > 0; r--) lines.push(`Record-Route: ${value(rand)}`);
      let req;
      try {
        req = parseMessage(Buffer.from(invite(lines), 'utf8'), true);
      } catch (err) {
        assert.ok(err instanceof SipParseError, `unexpected ${String(err)} for ${JSON.stringify(lines)}`);
        continue;
      }
      assert.ok(req instanceof SipRequest);
      const initial = edgeRefusal(req, false);
      const refresh = edgeRefusal(req, true);
      for (const r of [initial, refresh]) assert.ok(r === undefined || /^(Malformed|Missing|More than one) (Contact|Record-Route) header$/.test(r), `reason ${r}`);
      // The same headers in a 2xx (with a To tag) are judged the same way on the UAC side.
      const asResponse = new SipResponse(200, 'OK');
      asResponse.headers = req.headers.map((h) => ({ ...h }));
      asResponse.set('to', '<sip:svc@127.0.0.1>;tag=t1');
      assert.equal(unusable2xx(asResponse, true), initial);
      unusable2xx(asResponse, false);
      if (initial !== undefined) {
        refused++;
        continue;
      }
      accepted++;
      const bye = buildInDialogRequest(dialogFrom(req), 'BYE', '127.0.0.1:5060');
      const again = parseMessage(Buffer.from(bye.toString(), 'utf8'), false);
      assert.ok(again instanceof SipRequest && again.method === 'BYE', `BYE for ${JSON.stringify(lines)}`);
      assert.ok(routableSipUri(again.uri), `BYE Request-URI ${again.uri} is routable`);
      for (const route of again.getAll('route')) assert.ok(routableSipUri(uriOf(route)), `Route ${route}`);
    }
    assert.ok(accepted > 500 && refused > 500, `both outcomes exercised (accepted ${accepted}, refused ${refused})`);
  });

  test('routable SIP URIs: host, port, scheme, characters', () => {
    for (const ok of ['sip:a@b', 'sip:a@127.0.0.1:5060', 'sips:a@[2001:db8::1]:5061;transport=tls', 'sip:x@abc.invalid;transport=ws', 'sip:p.example.com;lr', 'sip:u@h_1.example']) {
      assert.ok(routableSipUri(ok), ok);
    }
    for (const bad of ['sip:fuzz@', 'sip:;lr', 'sip:', 'mailto:a@b', 'tel:+1555', 'sip:a@h:0', 'sip:a@h:99999', 'sip:a@[zz::1]', 'sip:a@h-', 'sip:a@b c', 'sip:a@h>', '<sip:a@h>', 'sip:a@h\u0000']) {
      assert.equal(routableSipUri(bad), null, bad);
    }
  });

  test('edge rules by method: Contact is required to create a dialog, optional in a refresh', () => {
    const untagged = parseMessage(Buffer.from(invite(['Contact: <sip:a@127.0.0.1>']).replace(';tag=f1', '')), true) as SipRequest;
    assert.equal(edgeRefusal(untagged, false), 'Missing From tag');
    const req = parseMessage(Buffer.from(invite([])), true) as SipRequest;
    assert.equal(edgeRefusal(req, false), 'Missing Contact header');
    assert.equal(edgeRefusal(req, true), undefined, 'a re-INVITE may leave the target as it is');
    const options = parseMessage(Buffer.from(invite(['Contact: <sip:fuzz']).replace(/INVITE/g, 'OPTIONS')), true) as SipRequest;
    assert.equal(edgeRefusal(options, false), undefined, 'OPTIONS does not set up a dialog: its Contact is not the engine\'s business');
    const rrInDialog = parseMessage(Buffer.from(invite(['Contact: <sip:a@127.0.0.1>', 'Record-Route: <sip:;lr>'])), true) as SipRequest;
    assert.equal(edgeRefusal(rrInDialog, false), 'Malformed Record-Route header');
    assert.equal(edgeRefusal(rrInDialog, true), undefined, 'inside a dialog the route set is fixed; Record-Route is ignored');
  });

  test('NAT next hop (drachtio\'s UDP rule): a Contact that is not the source sends in-dialog requests to the source', () => {
    const src = { transport: 'udp' as const, address: '127.0.0.1', port: 5070 };
    assert.equal(natNextHop('<sip:a@127.0.0.1:5070>', false, src), undefined, 'Contact is the source');
    assert.equal(natNextHop('<sip:a@127.0.0.1>', false, src), undefined, 'no port: drachtio compares the host only');
    assert.deepEqual(natNextHop('<sip:x@abc.invalid;transport=ws>', false, src), src);
    assert.deepEqual(natNextHop('<sip:a@10.0.0.5:5060>', false, src), src, 'a private address behind NAT');
    assert.deepEqual(natNextHop('<sip:a@127.0.0.1:5099>', false, src), src, 'another port');
    assert.deepEqual(natNextHop('<sip:a@127.0.0.1:5070;transport=tcp>', false, src), src, 'a transport the dialog does not use');
    assert.equal(natNextHop('<sip:a@10.0.0.5>', true, src), undefined, 'with Record-Route the route set decides');
    assert.equal(natNextHop('<sip:a@10.0.0.5>', false, { ...src, transport: 'tcp' }), undefined, 'streams use their connection');
  });

  test('destinations that only a peer\'s own connection reaches are refused without DNS', async () => {
    const all = (): boolean => true;
    for (const [target, re] of [
      ['sip:x@abc.invalid;transport=ws', /WebSocket peer/],
      ['sip:x@abc.invalid', /\.invalid host/],
      ['<sip:x@127.0.0.1:99999>', /out of range/],
      ['<sip:fuzz', /can not parse/],
    ] as const) {
      await assert.rejects(resolveDestination(target, all), (err: unknown) => err instanceof DestinationError && re.test(err.message), target);
    }
    assert.deepEqual(await resolveDestination('sip:a@127.0.0.1:5080;transport=tcp', all), { transport: 'tcp', address: '127.0.0.1', port: 5080 });
  });
});

// Issue 14's "test call" of a trunk, on the whole center: POST /api/trunks/{id}/test-call calls
// a number through that trunk. A carrier that answers hears the spoken test line and is hung
// up by the center; the reply says answered, 200, and how long ringing and answer took. A
// carrier that answers 503 is reported as failed with that status. Refused before anything
// is sent: a disabled trunk, one without a caller id of the center, a premium number, a
// number that is none, and a second test while one runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';
import { rms } from '../../../media/tools/spectrum.js';
import { CALLER_ID, outboundRig } from '../outbound-center.js';

interface TestCallReply { outcome?: string; status?: number; reason?: string; to?: string; caller_id?: string; ringing_ms?: number | null; answered_ms?: number | null; error?: string; details?: { path: string; message: string }[] }

describe('trunk test call', { timeout: 120_000 }, () => {
  test('answered: the carrier hears the test line and is hung up; 503 is reported; refusals send nothing', async (t) => {
    const rig = await outboundRig(t, ['503']);
    const carrier = await NodePhone.open({ host: '127.0.0.1', port: rig.c.sipPort }, 'carrier');
    t.after(() => carrier.close());
    const made = await rig.api('POST', '/trunks', { name: 'node-carrier', auth_type: 'ip', allowed_cidrs: ['192.0.2.2/32'], outbound_uri: `sip:127.0.0.1:${carrier.port}`, default_caller_id: CALLER_ID });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const trunkId = String(made.body.id);
    const testCall = async (id: string, to: string) => {
      const r = await rig.api('POST', `/trunks/${id}/test-call`, { to });
      return { status: r.status, body: r.body as TestCallReply };
    };

    const answering = carrier.answerNext(400);
    const pending = testCall(trunkId, '+1 (415) 555-0123');
    const call = await answering;
    assert.match(call.invite?.split('\r\n')[0] ?? '', /^INVITE sip:\+14155550123@127\.0\.0\.1/, 'the number as the route writes it (no route uses this trunk: E.164)');
    assert.match(call.invite ?? '', new RegExp(`^From: <sip:\\${CALLER_ID}@`, 'm'), 'the trunk\'s caller id');
    const second = await testCall(trunkId, '+14155550123');
    assert.equal(second.status, 409, 'one test per trunk at a time');
    const reply = await pending;
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.outcome, 'answered');
    assert.equal(reply.body.status, 200);
    assert.equal(reply.body.to, '+14155550123');
    assert.ok((reply.body.ringing_ms ?? -1) >= 0 && (reply.body.answered_ms ?? 0) >= 400, `ringing ${reply.body.ringing_ms} ms, answered ${reply.body.answered_ms} ms`);
    await call.ended;
    const heard = rms(carrier.rtp.samples());
    console.log(`trunk test call: the carrier heard the line at rms ${heard.toFixed(0)}, ${carrier.rtp.received.length} packets; answered after ${reply.body.answered_ms} ms`);
    assert.ok(heard > 300, `the spoken line reached the carrier (rms ${heard})`);
    assert.ok(carrier.rtp.received.length > 100, 'a few seconds of it');

    const busy = await testCall(rig.carriers[0]?.trunkId ?? '', '+14155550123');
    assert.equal(busy.status, 200);
    assert.deepEqual([busy.body.outcome, busy.body.status], ['failed', 503]);

    // Refusals: nothing reaches the carrier.
    const invitesBefore = carrier.startLines.filter((l) => l.startsWith('INVITE ')).length;
    const premium = await testCall(trunkId, '+19005550123');
    assert.equal(premium.status, 403, JSON.stringify(premium.body));
    assert.equal(premium.body.details?.[0]?.path, 'body.to');
    assert.equal((await testCall(trunkId, 'call me')).body.details?.[0]?.path, 'body.to');
    assert.equal((await rig.api('PATCH', `/trunks/${trunkId}`, { default_caller_id: null })).status, 200);
    assert.match((await testCall(trunkId, '+14155550123')).body.error ?? '', /default_caller_id/);
    assert.equal((await rig.api('PATCH', `/trunks/${trunkId}`, { enabled: false, default_caller_id: CALLER_ID })).status, 200);
    assert.match((await testCall(trunkId, '+14155550123')).body.error ?? '', /disabled/);
    assert.equal((await testCall('7d6f5a9e-1111-4222-8333-444455556666', '+14155550123')).status, 404);
    assert.equal(carrier.startLines.filter((l) => l.startsWith('INVITE ')).length, invitesBefore, 'no INVITE for a refused test');
  });
});

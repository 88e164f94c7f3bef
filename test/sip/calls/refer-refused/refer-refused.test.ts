// Issue 11 asks the center to answer what is true until transfer is built: a REFER in the
// caller's dialog gets 501 (drachtio-srf's default would be 200, a transfer that never
// happens) with the Allow the engine adds (no REFER in it), the call stays up, and the
// caller's own BYE ends it as before.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter } from '../../../e2e/helpers/center.js';
import { assertSippOk, runSipp, scenario } from '../../helpers/sipp.js';
import { completedCall, DEMO_NUMBER, reposOf } from '../helpers/call-rig.js';

describe('REFER is refused, not faked', { timeout: 60_000 }, () => {
  it('a blind transfer from the caller gets 501 and the call goes on', async (t) => {
    const c = await startCenter(t);
    const result = await runSipp({ scenario: scenario('calls/refer-refused', 'caller-refer.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: DEMO_NUMBER, timeoutSec: 20 });
    assertSippOk(result, 'REFER caller (expects 501, then its BYE answered 200)');
    const row = await completedCall(reposOf(c));
    assert.equal(row.hangup_side, 'caller', 'the caller hung up after the refusal');
    assert.ok(c.logs.some((l) => l.msg === 'in-dialog request refused: not available yet' && l.method === 'REFER'), 'the refusal is logged');
  });
});

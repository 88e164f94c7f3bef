// SIP INFO digits reach the IVR: sipp calls the demo menu and presses 1 as an INFO with
// application/dtmf-relay `Signal=1` (answered 200); the call goes to the sales queue. An INFO
// that carries no digit is refused with 415. Both INFO body formats are parsed alike.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter } from '../../../e2e/helpers/center.js';
import { assertSippOk, runSipp, scenario } from '../../helpers/sipp.js';
import { infoDigit } from '../../../../server/sip/calls/info-dtmf.js';
import { completedCall, DEMO_NUMBER, reposOf } from '../helpers/call-rig.js';

describe('SIP INFO digits', { timeout: 60_000 }, () => {
  it('parses application/dtmf-relay and application/dtmf, and nothing else', () => {
    assert.equal(infoDigit('application/dtmf-relay', 'Signal=1\r\nDuration=160\r\n'), '1');
    assert.equal(infoDigit('Application/DTMF-Relay; charset=x', 'signal= #\r\n'), '#');
    assert.equal(infoDigit('application/dtmf-relay', 'Signal=10\r\n'), '*');
    assert.equal(infoDigit('application/dtmf', '7'), '7');
    assert.equal(infoDigit('application/dtmf-relay', 'Signal=12\r\n'), undefined);
    assert.equal(infoDigit('text/plain', '1'), undefined);
  });

  it('a digit sent as INFO walks the IVR menu to its queue', async (t) => {
    const c = await startCenter(t);
    const result = await runSipp({ scenario: scenario('calls/info-dtmf', 'caller-info-dtmf.xml'), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: DEMO_NUMBER, timeoutSec: 20 });
    assertSippOk(result, 'INFO caller');
    const repos = reposOf(c);
    const row = await completedCall(repos);
    const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
    assert.equal(row.queue_id, sales?.id, `queued in sales; IVR path ${JSON.stringify(row.ivr_path)}`);
    assert.ok(row.ivr_path.some((step) => step.startsWith('menu 1')), `the menu heard 1: ${JSON.stringify(row.ivr_path)}`);
    assert.equal(row.disposition, 'abandoned');
  });
});

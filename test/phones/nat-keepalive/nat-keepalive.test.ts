// Issue 11, NAT: an agent's desk phone behind a NAT that forgets an idle UDP mapping after 25 s
// registers (for an hour, as phones do) and then sits idle for 40 s. The center's NAT keepalive
// (an OPTIONS to the mapping every 15 s) keeps the mapping open, so the queue call that comes
// after the idle spell still reaches the phone, which answers it and gets the BYE.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { natNamespace } from '../../helpers/nat-namespace.js';
import { PHONE_SIP_PORT, startNatSipp } from '../helpers/nat-sipp.js';
import { makeAvailable, natCenter, QUEUE_NUMBER } from '../helpers/nat-center.js';
import { AGENT_PASSWORDS } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { join } from 'node:path';
import { withTimeout } from '../../sip/helpers/rig.js';
import { repoRoot } from '../../sip/helpers/sipp.js';
import { peakFrequency } from '../../media/tools/spectrum.js';

const NAT_TIMEOUT_SEC = 25;
const IDLE_MS = 40_000;

describe('a NAT\'d agent phone idle longer than its NAT\'s UDP timeout', { timeout: 120_000 }, () => {
  test('stays reachable: the center keeps its mapping open, the next queue call reaches it', async (t) => {
    const box = await natNamespace(t);
    await box.udpTimeout(NAT_TIMEOUT_SEC);
    await box.watch(PHONE_SIP_PORT);
    const c = await natCenter(t, box);
    const remote = `${box.hostIp}:${c.sipPort}`;
    // One sipp for the phone's one socket: registers, stays registered, takes the call out of
    // band (-oocsf) and answers the keepalive OPTIONS 200 by itself (-aa).
    const ooc = join(repoRoot(), 'test', 'phones', 'helpers', 'sipp', 'nat-agent.xml');
    const phone = startNatSipp({ box, scenario: 'nat-register-stay.xml', remote, service: 'agent1', timeoutSec: 90, toneHz: 1000,
      extra: ['-au', 'agent1', '-ap', AGENT_PASSWORDS.agent1, '-d', String(IDLE_MS + 12_000), '-oocsf', ooc, '-aa'] });
    const mapped = await withTimeout((async () => {
      for (;;) {
        const m = (await box.mappings()).get(PHONE_SIP_PORT);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 100));
      }
    })(), 10000, 'the registration through the NAT');
    assert.ok(mapped !== PHONE_SIP_PORT, `mapped to ${mapped}`);
    // The 401 and the 200 came back through the mapping: the phone is registered.
    await withTimeout((async () => { while ((await box.counts(PHONE_SIP_PORT)).delivered < 2) await new Promise((r) => setTimeout(r, 100)); })(), 10000, 'the 200 to the REGISTER');
    await makeAvailable(c, 'agent1', AGENT_PASSWORDS.agent1);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    assert.equal((await box.mappings()).get(PHONE_SIP_PORT), mapped, `after ${IDLE_MS / 1000} s idle the NAT still has the mapping`);

    const caller = await NodePhone.open({ host: box.hostIp, port: c.sipPort }, '+15551230001');
    t.after(() => caller.close());
    const call = await caller.call(QUEUE_NUMBER.slice(1));
    await withTimeout((async () => {
      // The agent phone's 1000 Hz tone replaces the queue music once it has answered.
      for (;;) {
        await new Promise((r) => setTimeout(r, 300));
        const s = caller.rtp.samples(Date.now() - 800);
        if (s.length > 3000 && Math.abs(peakFrequency(s) - 1000) < 30) return;
      }
    })(), 15000, 'the agent phone answering').catch(async (err: unknown) => {
      const early = await Promise.race([phone.done, new Promise<undefined>((r) => setTimeout(r, 100, undefined))]);
      throw new Error(`${String(err)}; the phone ${early ? `had exited:\n${early.output}` : 'still runs'}`);
    });
    assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
    const result = await phone.done;
    assert.equal(result.code, 0, `the phone took the call after the idle spell:\n${result.output}`);
    const options = result.received.filter((m) => m.startsWith('OPTIONS ')).length;
    t.diagnostic(`${options} keepalive OPTIONS reached the phone through its mapping in ${IDLE_MS / 1000} s`);
    assert.ok(options >= 2, `keepalives through the mapping: ${options}`);
    assert.equal(result.received.filter((m) => m.startsWith('BYE ')).length, 1);
    assert.equal((await box.counts(PHONE_SIP_PORT)).dropped, 0);
  });
});

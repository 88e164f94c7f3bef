// Issue 11, NAT: an agent's desk phone (sipp) behind a port-translating NAT registers through it
// (Contact: its private address:port; source: the NAT's mapping), answers a queue call and
// talks: the INVITE, the ACK and the BYE after the caller hangs up all reach the mapping (the
// NAT drops anything sent to the Contact itself), the BYE once and answered 200, and the RTP
// flows both ways through the NAT.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { natNamespace } from '../../helpers/nat-namespace.js';
import { PHONE_RTP_PORT, PHONE_SIP_PORT, startNatSipp } from '../helpers/nat-sipp.js';
import { makeAvailable, natCenter, QUEUE_NUMBER } from '../helpers/nat-center.js';
import { AGENT_PASSWORDS } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { peakFrequency } from '../../media/tools/spectrum.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('an agent phone behind a port-translating NAT', { timeout: 90_000 }, () => {
  test('registers through the NAT, answers a queue call, gets the BYE at its mapping; RTP both ways', async (t) => {
    const box = await natNamespace(t);
    await box.watch(PHONE_SIP_PORT);
    await box.watch(PHONE_RTP_PORT);
    const c = await natCenter(t, box);
    const remote = `${box.hostIp}:${c.sipPort}`;
    const auth = ['-au', 'agent1', '-ap', AGENT_PASSWORDS.agent1];

    const reg = await startNatSipp({ box, scenario: 'nat-register.xml', remote, service: 'agent1', timeoutSec: 15, extra: auth }).done;
    assert.equal(reg.code, 0, `registration through the NAT:\n${reg.output}`);
    const mapped = (await box.mappings()).get(PHONE_SIP_PORT);
    assert.ok(mapped && mapped !== PHONE_SIP_PORT, `the NAT maps the phone's port ${PHONE_SIP_PORT} to ${mapped}`);
    await makeAvailable(c, 'agent1', AGENT_PASSWORDS.agent1);

    // The same socket (address:port) answers calls, as the phone would: the NAT keeps its mapping.
    const phone = startNatSipp({ box, scenario: 'nat-agent.xml', remote, service: 'agent1', timeoutSec: 45, toneHz: AGENT_HZ });
    await phone.listening();
    const caller = await NodePhone.open({ host: box.hostIp, port: c.sipPort }, '+15551230000');
    t.after(() => caller.close());
    const call = await caller.call(QUEUE_NUMBER.slice(1));
    const tCall = Date.now();
    caller.rtp.start(CALLER_HZ);

    // Queue music, then the agent's tone once the phone answered and rtpengine latched on it.
    const heard = await (async () => {
      for (;;) {
        await sleep(500);
        const s = caller.rtp.samples(Date.now() - 1000);
        if (s.length > 4000 && Math.abs(peakFrequency(s) - AGENT_HZ) < 30) return Date.now();
        if (Date.now() - tCall > 20000) throw new Error(`the caller never heard the agent phone (last peak ${peakFrequency(s)} Hz)`);
      }
    })();
    t.diagnostic(`the caller hears the NAT'd agent ${heard - tCall} ms after dialling`);
    await sleep(1500);
    const rtp = await box.counts(PHONE_RTP_PORT);
    t.diagnostic(`agent's RTP port: ${rtp.delivered} packets delivered through the NAT mapping, ${rtp.dropped} sent to its private SDP address and dropped`);
    assert.ok(rtp.delivered > 50, `the agent phone got RTP through the NAT: ${rtp.delivered} packets`);

    assert.equal(await call.hangup(), 'SIP/2.0 200 OK');
    const result = await phone.done;
    assert.equal(result.code, 0, `the agent phone's scenario (INVITE answered, BYE answered 200) failed:\n${result.output}`);
    const byes = result.received.filter((m) => m.startsWith('BYE '));
    assert.equal(byes.length, 1, `one BYE, no retransmission:\n${byes.join('\n---\n')}`);
    assert.match(byes[0] ?? '', /^BYE sip:agent1@10\.250\.\d+\.2:5060 SIP\/2\.0/);
    const sip = await box.counts(PHONE_SIP_PORT);
    t.diagnostic(`agent's SIP port: ${sip.delivered} packets delivered through the mapping, ${sip.dropped} sent to its Contact and dropped`);
    assert.equal(sip.dropped, 0, 'nothing was sent to the private Contact address:port');
  });
});

// Issue 11, NAT: a desk phone (sipp) behind a port-translating NAT — its Contact and SDP carry
// its private address and ports, the NAT maps its source port into 40000-40999 and drops
// anything not sent to a mapping — calls a queue; an agent answers, they talk, the agent hangs
// up. The phone gets the center's BYE at its NAT mapping exactly once and answers 200, and RTP
// flows both ways through the NAT (rtpengine latches onto where the phone's RTP comes from).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { natNamespace } from '../../helpers/nat-namespace.js';
import { PHONE_RTP_PORT, PHONE_SIP_PORT, startNatSipp } from '../helpers/nat-sipp.js';
import { makeAvailable, natCenter, QUEUE_NUMBER } from '../helpers/nat-center.js';
import { AGENT_PASSWORDS, REALM } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import { peakFrequency } from '../../media/tools/spectrum.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a caller behind a port-translating NAT', { timeout: 90_000 }, () => {
  test('gets the agent\'s BYE at its NAT mapping, once, and answers 200; RTP flows both ways', async (t) => {
    const box = await natNamespace(t);
    await box.watch(PHONE_SIP_PORT);
    await box.watch(PHONE_RTP_PORT);
    const c = await natCenter(t, box, { trunkForBox: true });
    const agent = await NodePhone.open({ host: box.hostIp, port: c.sipPort }, 'agent1');
    t.after(() => agent.close());
    assert.equal(await agent.register(AGENT_PASSWORDS.agent1, REALM), 'SIP/2.0 200 OK');
    await makeAvailable(c, 'agent1', AGENT_PASSWORDS.agent1);
    const answered = agent.answerNext(300);

    const caller = startNatSipp({ box, scenario: 'nat-caller.xml', remote: `${box.hostIp}:${c.sipPort}`, service: QUEUE_NUMBER.slice(1), timeoutSec: 45, toneHz: CALLER_HZ });
    const agentCall = await Promise.race([answered, caller.done.then((r) => { throw new Error(`the caller ended before the agent answered:\n${r.output}`); })]);
    const tAnswer = Date.now();
    agent.rtp.start(AGENT_HZ);

    const mapped = (await box.mappings()).get(PHONE_SIP_PORT);
    assert.ok(mapped && mapped !== PHONE_SIP_PORT && mapped >= 40000 && mapped <= 40999, `the NAT maps the phone's SIP port ${PHONE_SIP_PORT} to ${mapped}`);
    assert.match(agentCall.invite ?? '', /m=audio \d+/);

    // rtpengine's default endpoint learning waits up to 3 s before it latches onto the source.
    await sleep(5000);
    const heardByAgent = agent.rtp.samples(tAnswer + 3500);
    assert.ok(heardByAgent.length > 4000, `the agent got the caller's RTP (${heardByAgent.length} samples)`);
    assert.ok(Math.abs(peakFrequency(heardByAgent) - CALLER_HZ) < 30, `the agent hears the caller: ${peakFrequency(heardByAgent)} Hz`);
    const rtp = await box.counts(PHONE_RTP_PORT);
    t.diagnostic(`caller's RTP port: ${rtp.delivered} packets delivered through the NAT mapping, ${rtp.dropped} sent to its private SDP address and dropped`);
    assert.ok(rtp.delivered > 100, `the caller got RTP through the NAT: ${rtp.delivered} packets`);

    assert.equal(await agentCall.hangup(), 'SIP/2.0 200 OK');
    const result = await caller.done;
    assert.equal(result.code, 0, `the caller's scenario (BYE answered 200) failed:\n${result.output}`);
    const byes = result.received.filter((m) => m.startsWith('BYE '));
    assert.equal(byes.length, 1, `one BYE, no retransmission:\n${byes.join('\n---\n')}`);
    assert.match(byes[0] ?? '', /^BYE sip:\+?15557770001@10\.250\.\d+\.2:5060 SIP\/2\.0/, 'the BYE is for the phone\'s Contact (Request-URI), sent to its mapping');
    const sip = await box.counts(PHONE_SIP_PORT);
    t.diagnostic(`caller's SIP port: ${sip.delivered} packets delivered through the mapping, ${sip.dropped} sent to its Contact and dropped`);
    assert.equal(sip.dropped, 0, 'nothing was sent to the private Contact address:port');
  });
});

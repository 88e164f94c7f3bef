// Issue 11, NAT with real clients: two Debian baresip desk phones behind one port-translating
// NAT (both in the NAT box's namespace, Contacts and SDP with their private address): the agent
// phone registers through the NAT, the caller calls the queue, the agent answers, they talk,
// the agent hangs up. The caller's call closes at once (the center's BYE reached its mapping:
// no ghost call), and each phone's recording holds the other's tone: RTP both ways through the
// NAT on both legs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natNamespace } from '../../helpers/nat-namespace.js';
import { startBaresip } from '../../helpers/baresip.js';
import { sleep } from '../../helpers/sip-client.js';
import { makeAvailable, natCenter, QUEUE_NUMBER } from '../helpers/nat-center.js';
import { AGENT_PASSWORDS } from '../../e2e/helpers/center.js';
import { peakFrequency, rms } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;

function tone(dir: string, name: string, hz: number): string {
  const file = join(dir, `${name}.wav`);
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', '5', 'sine', String(hz), 'vol', '0.5']);
  return file;
}

/** The last seconds of a recording (the end of the call), without its final fade. */
function tail(file: string): Int16Array {
  const s = readWav(file).channels[0] ?? new Int16Array();
  return s.subarray(Math.max(0, s.length - 16000), Math.max(0, s.length - 2000));
}

describe('baresip phones behind a port-translating NAT', { timeout: 120_000 }, () => {
  test('agent and caller behind the NAT: the caller\'s call closes on the agent\'s hangup, audio both ways', async (t) => {
    const box = await natNamespace(t);
    const c = await natCenter(t, box, { trunkForBox: true });
    const dir = mkdtempSync(join(tmpdir(), 'sb-nat-baresip-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const server = { host: box.hostIp, port: c.sipPort, transport: 'udp' as const };
    const behindNat = { netns: box.ns, localAddress: box.phoneIp };

    const agent = await startBaresip(t, { name: 'nat-agent', user: 'agent1', password: AGENT_PASSWORDS.agent1, server, ...behindNat, playFile: tone(dir, 'agent', AGENT_HZ), recordFile: join(dir, 'agent-heard.wav') });
    await agent.registered();
    await makeAvailable(c, 'agent1', AGENT_PASSWORDS.agent1);
    const caller = await startBaresip(t, { name: 'nat-caller', user: '+15557770002', password: 'unused', register: false, server, ...behindNat, codecs: ['PCMU'], playFile: tone(dir, 'caller', CALLER_HZ), recordFile: join(dir, 'caller-heard.wav') });
    await caller.dial(`sip:${QUEUE_NUMBER.slice(1)}@${box.hostIp}:${c.sipPort}`);
    await caller.waitEvent('established', 10_000);
    // The agent's phone rings a while, the caller hearing the queue music, before it answers: an
    // answer in the instant the music starts can leave both streams interleaved toward the
    // caller (a calls-room race, not NAT: baresip then drops the frames as an SSRC flip-flop).
    await sleep(2500);
    await agent.answerNext(20_000);
    await sleep(6000);

    const hungUp = Date.now();
    await agent.hangup();
    await caller.waitEvent('closed', 5000);
    t.diagnostic(`the caller's call closed ${caller.eventTimes('closed').at(-1)! - hungUp} ms after the agent hung up`);
    const byes = caller.log().split('\n').filter((l) => /^BYE sip:/.test(l.trim())).length;
    assert.ok(byes >= 1, `the caller logged the BYE it received:\n${caller.log().slice(-3000)}`);
    t.diagnostic(`packets from outside dropped by the NAT (sent to a private address:port, not a mapping): ${await box.droppedElsewhere()}`);

    // The harness converts a recording on every closing line baresip logs; let a late one finish
    // before reading (a file caught mid-write reads as 0 s).
    await sleep(1500);
    for (const f of ['caller-heard.wav', 'agent-heard.wav']) {
      const all = readWav(join(dir, f)).channels[0] ?? new Int16Array();
      const secs = Array.from({ length: Math.floor(all.length / 8000) }, (_, i) => all.subarray(i * 8000, (i + 1) * 8000));
      t.diagnostic(`${f}: ${(all.length / 8000).toFixed(1)} s, per second: ${secs.map((x) => `${peakFrequency(x)}Hz/${rms(x).toFixed(0)}`).join(' ')}`);
    }
    const heardByCaller = tail(join(dir, 'caller-heard.wav'));
    const heardByAgent = tail(join(dir, 'agent-heard.wav'));
    assert.ok(Math.abs(peakFrequency(heardByCaller) - AGENT_HZ) < 30, `the caller hears the agent: peak ${peakFrequency(heardByCaller)} Hz`);
    assert.ok(Math.abs(peakFrequency(heardByAgent) - CALLER_HZ) < 30, `the agent hears the caller: peak ${peakFrequency(heardByAgent)} Hz`);
  });
});

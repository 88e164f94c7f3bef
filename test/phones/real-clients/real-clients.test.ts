// The real-client harness itself (test/helpers/baresip.ts, linphone.ts): Debian's baresip and
// linphonec register with the center by digest over UDP, TCP and TLS; a baresip caller on the
// loopback trunk goes through the IVR (RFC 4733 digit) to a queue and an agent answers (baresip
// and linphone in both roles);
// each side's recording holds the other's tone (spectrum), and no client process is left over.
// test-file-timeout: 6 min
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCenter, AGENT_PASSWORDS, type Center } from '../../e2e/helpers/center.js';
import { apiCall, login } from '../../e2e/helpers/api.js';
import { startBaresip } from '../../helpers/baresip.js';
import { startLinphone } from '../../helpers/linphone.js';
import type { SipClient, SipClientOptions } from '../../helpers/sip-client.js';
import { peakFrequency, rms } from '../../media/tools/spectrum.js';
import { readWav } from '../../media/tools/wav.js';

const CALLER_HZ = 440;
const AGENT_HZ = 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function workDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-real-clients-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function tone(dir: string, name: string, hz: number): string {
  const file = join(dir, `${name}.wav`);
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', '5', 'sine', String(hz), 'vol', '0.5']);
  return file;
}

async function setAvailable(c: Center, user: 'agent1' | 'agent2'): Promise<void> {
  const state = await apiCall<{ state: string }>(c, await login(c, user, AGENT_PASSWORDS[user]), '/me/state', { state: 'available' });
  assert.equal(state.state, 'available');
}

describe('real clients', { timeout: 300_000 }, () => {
  test('baresip registers with digest over udp, tcp and tls', { timeout: 60_000 }, async (t) => {
    const c = await startCenter(t);
    for (const transport of ['udp', 'tcp', 'tls'] as const) {
      const port = transport === 'tls' ? c.tlsPort : c.sipPort;
      const phone = await startBaresip(t, { name: `agent1-${transport}`, user: 'agent1', password: AGENT_PASSWORDS.agent1, server: { host: '127.0.0.1', port, transport }, caFile: c.tlsCertFile });
      await phone.registered();
      await phone.stop();
    }
  });

  test('linphone registers with digest over udp, tcp and tls (certificate verified by name)', { timeout: 60_000 }, async (t) => {
    const c = await startCenter(t);
    for (const transport of ['udp', 'tcp', 'tls'] as const) {
      const port = transport === 'tls' ? c.tlsPort : c.sipPort;
      const phone = await startLinphone(t, { name: `agent1-${transport}`, user: 'agent1', password: AGENT_PASSWORDS.agent1, server: { host: '127.0.0.1', port, transport }, ...(transport === 'tls' ? { caFile: c.tlsCertFile, serverName: 'localhost' } : {}) });
      await phone.registered();
      await phone.stop();
    }
  });

  const starters: Record<string, (t: TestContext, o: SipClientOptions) => Promise<SipClient>> = { baresip: startBaresip, linphone: startLinphone };
  for (const [callerKind, agentKind] of [['baresip', 'baresip'], ['linphone', 'linphone'], ['baresip', 'linphone']] as const) {
    test(`${callerKind} caller through the IVR (RFC 4733) to a ${agentKind} agent: two-way audio in both recordings, no process left`, { timeout: 90_000 }, async (t) => {
      const c = await startCenter(t);
      const dir = workDir(t);
      const server = { host: '127.0.0.1', port: c.sipPort, transport: 'udp' as const };
      const agent = await starters[agentKind]!(t, { name: 'agent1', user: 'agent1', password: AGENT_PASSWORDS.agent1, server, playFile: tone(dir, 'agent', AGENT_HZ), recordFile: join(dir, 'agent-heard.wav') });
      await agent.registered();
      await setAvailable(c, 'agent1');
      const caller = await starters[callerKind]!(t, { name: 'caller', user: '+15551234567', password: 'unused', register: false, server, codecs: ['PCMU'], playFile: tone(dir, 'caller', CALLER_HZ), recordFile: join(dir, 'caller-heard.wav') });
      const answered = agent.answerNext(20_000);
      await caller.dial(`sip:15550100@127.0.0.1:${c.sipPort}`);
      await caller.waitEvent('established', 10_000);
      await sleep(1500);
      await caller.sendDtmf('1');
      await answered;
      await sleep(3000);
      await caller.hangup();
      await agent.waitEvent('closed', 10_000);

      const heardByCaller = readWav(join(dir, 'caller-heard.wav')).channels[0] ?? new Int16Array();
      const heardByAgent = readWav(join(dir, 'agent-heard.wav')).channels[0] ?? new Int16Array();
      const prompt = heardByCaller.subarray(0, 8000);
      assert.ok(rms(prompt) > 100, `the caller hears the IVR prompt: rms ${rms(prompt).toFixed(0)}`);
      const callerTail = heardByCaller.subarray(Math.max(0, heardByCaller.length - 16000), heardByCaller.length - 2000);
      const agentTail = heardByAgent.subarray(Math.max(0, heardByAgent.length - 16000), heardByAgent.length - 2000);
      assert.ok(Math.abs(peakFrequency(callerTail) - AGENT_HZ) < 30, `caller hears the agent: peak ${peakFrequency(callerTail)} Hz`);
      assert.ok(Math.abs(peakFrequency(agentTail) - CALLER_HZ) < 30, `agent hears the caller: peak ${peakFrequency(agentTail)} Hz`);

      await caller.stop();
      await agent.stop();
      for (const p of [caller, agent]) assert.equal(existsSync(`/proc/${p.pid}`), false, `${p.name} (pid ${p.pid}) has exited`);
    });
  }
});

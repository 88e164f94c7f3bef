// The scene of the real-phone transfer tests: the demo center with its number routed to the
// sales queue, agent1 on a real client from Debian (its microphone a 1000 Hz tone) signed in
// to the ACD, agent2 on our SIP phone (registered, not signed in: it is rung directly), and a
// caller on our SIP phone.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PASSWORDS, REALM, startCenter, type Center } from '../../e2e/helpers/center.js';
import { NodePhone } from '../../e2e/helpers/node-phone.js';
import type { SipClient, SipClientOptions } from '../../helpers/sip-client.js';
import { agentIdOf, reposOf, routeDemoNumber } from '../../sip/calls/helpers/call-rig.js';
import { AGENT_HZ } from '../../sip/calls/helpers/bridged-call.js';
import type { Repositories } from '../../../server/db/index.js';

export interface RealTransferScene {
  c: Center;
  repos: Repositories;
  agent1: SipClient;
  agent2: NodePhone;
  caller: NodePhone;
}

export async function realTransferScene(
  t: TestContext,
  start: (t: TestContext, o: SipClientOptions) => Promise<SipClient>,
  opts: { callerNumber: string; localAddress?: string },
): Promise<RealTransferScene> {
  const c = await startCenter(t);
  const repos = reposOf(c);
  const sales = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(sales);
  await routeDemoNumber(repos, { type: 'queue', id: sales.id });
  const dir = mkdtempSync(join(tmpdir(), 'sb-real-transfer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mic = join(dir, 'agent.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', mic, 'synth', '60', 'sine', String(AGENT_HZ), 'vol', '0.5']);
  const agent1 = await start(t, {
    name: 'agent1', user: 'agent1', password: AGENT_PASSWORDS.agent1, server: { host: '127.0.0.1', port: c.sipPort, transport: 'udp' },
    playFile: mic, codecs: ['PCMU'], ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
  });
  await agent1.registered();
  await c.sb.acd.agentLogin(await agentIdOf(repos, 'agent1'));
  const agent2 = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'agent2');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, opts.callerNumber);
  t.after(() => { agent2.close(); caller.close(); });
  assert.equal(await agent2.register(AGENT_PASSWORDS.agent2, REALM), 'SIP/2.0 200 OK');
  return { c, repos, agent1, agent2, caller };
}

// The rig of the outbound tests: the whole center (startCenter, demo agents and number), its
// loopback trunk disabled (the desk phone calls from 127.0.0.1 too), sipp carriers as
// trunks with their outbound_uri, one route over them in order, and a sipp desk phone that
// dials as an agent with its digest credentials. Each carrier keeps the SIP messages it
// received, so a test can read the INVITE that reached it, or prove that none did.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_PASSWORDS, startCenter, type Center } from '../../e2e/helpers/center.js';
import { scenario, startSipp, type SippProcess, type SippResult } from '../helpers/sipp.js';

export interface Carrier { trunkId: string; sipp: SippProcess; messages(): string; invites(): string[] }

export interface OutboundRig {
  c: Center;
  carriers: Carrier[];
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  agentId(username: 'agent1' | 'agent2'): Promise<string>;
  /** The desk phone of agent1 dials `to`; `outcome` picks the scenario (answered, refused with 403, 404 from the carrier, no credentials). */
  dial(to: string, outcome: 'answered' | 'refused' | 'not-found' | 'no-credentials', holdMs?: number): Promise<SippResult>;
}

export const CALLER_ID = '+15550100'; // the demo center's number

export async function outboundRig(t: TestContext, carriers: ('answer' | '503' | '404')[]): Promise<OutboundRig> {
  const c = await startCenter(t);
  const login = await fetch(`http://127.0.0.1:${c.httpPort}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-secret-pw' }) });
  const { token } = (await login.json()) as { token: string };
  const api: OutboundRig['api'] = async (method, path, body) => {
    const res = await fetch(`http://127.0.0.1:${c.httpPort}/api${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  const trunks = (await api('GET', '/trunks')).body.items as { id: string; name: string }[];
  for (const trunk of trunks) assert.equal((await api('PATCH', `/trunks/${trunk.id}`, { enabled: false })).status, 200);

  const dir = mkdtempSync(join(tmpdir(), 'sb-outbound-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rigCarriers: Carrier[] = [];
  for (const [i, kind] of carriers.entries()) {
    const file = join(dir, `carrier-${i}.log`);
    const sipp = await startSipp({
      scenario: kind === 'answer' ? { builtin: 'uas' } : scenario('outbound/scenarios', `uas-${kind}.xml`),
      transport: 'udp', calls: 100, timeoutSec: 120, extra: ['-trace_msg', '-message_file', file],
    });
    t.after(() => sipp.kill());
    const created = await api('POST', '/trunks', {
      name: `carrier-${i}`, auth_type: 'ip', allowed_cidrs: ['192.0.2.1/32'],
      outbound_uri: `sip:127.0.0.1:${sipp.port}`, default_caller_id: CALLER_ID, max_channels: 10,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const messages = (): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
    rigCarriers.push({
      trunkId: String(created.body.id), sipp, messages,
      invites: () => messages().split(/\r?\n/).filter((l) => /^INVITE sip:/.test(l)),
    });
  }
  const route = await api('POST', '/outbound-routes', { name: 'everything', match_prefix: '', trunk_ids: rigCarriers.map((x) => x.trunkId) });
  assert.equal(route.status, 201, JSON.stringify(route.body));

  return {
    c, carriers: rigCarriers, api,
    async agentId(username) {
      const agents = (await api('GET', '/agents')).body.items as { id: string; sip_username: string }[];
      const agent = agents.find((a) => a.sip_username === username);
      assert.ok(agent, `demo agent ${username}`);
      return agent.id;
    },
    async dial(to, outcome, holdMs = 500) {
      const file = { answered: 'uac-agent-call.xml', refused: 'uac-agent-refused.xml', 'not-found': 'uac-agent-not-found.xml', 'no-credentials': 'uac-no-credentials.xml' }[outcome];
      // sipp signs sip:<remote_ip>:<port> unless told the Request-URI it sends
      const credentials = outcome === 'no-credentials' ? [] : ['-au', 'agent1', '-ap', AGENT_PASSWORDS.agent1, '-auth_uri', `${to}@127.0.0.1:${c.sipPort}`];
      const sipp = await startSipp({ scenario: scenario('outbound/scenarios', file), transport: 'udp', remote: `127.0.0.1:${c.sipPort}`, service: to, timeoutSec: 30, extra: [...credentials, '-d', String(holdMs)] });
      t.after(() => sipp.kill());
      return sipp.done;
    },
  };
}

/** The header `name` of the first INVITE in a carrier's message log. */
export function inviteHeader(messages: string, name: string): string | undefined {
  const invite = messages.split(/^INVITE /m)[1];
  return invite ? new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(invite)?.[1]?.trim() : undefined;
}

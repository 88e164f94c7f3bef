// The demo center seeded on first start with an empty database, so a new user can take a
// call within minutes: two agents (with softphone logins), a number routed to an IVR
// ("press 1 for sales, 2 for support", spoken by text-to-speech), two longest-idle queues
// with hold music, a loopback test trunk, and a contact so the softphone shows a name.
import { randomBytes } from 'node:crypto';
import type { Repositories } from './db/index.js';

export interface DemoAgent {
  username: string;
  password: string;
  sipUsername: string;
  sipPassword: string;
  extension: string;
}

export interface DemoCenter {
  number: string;
  agents: DemoAgent[];
  queues: { sales: string; support: string };
}

export interface DemoOptions {
  /** Fixed passwords (tests); generated when absent. */
  passwords?: Partial<Record<'agent1' | 'agent2', string>>;
  /** Seconds of wrap-up after each call (default 10). */
  wrapUpSeconds?: number;
}

export const demoNumber = '+15550100';

/** Seeds the demo if the database has no agents yet; returns what was created, or null. */
export async function seedDemo(repos: Repositories, opts: DemoOptions = {}): Promise<DemoCenter | null> {
  if ((await repos.agents.list({ limit: 1 })).items.length > 0) return null;
  const wrapUp = opts.wrapUpSeconds ?? 10;
  const agents: DemoAgent[] = [];
  const agentIds: string[] = [];
  for (const [i, name] of (['agent1', 'agent2'] as const).entries()) {
    const password = opts.passwords?.[name] ?? randomBytes(9).toString('base64url');
    const user = await repos.users.create({ username: name, display_name: `Agent ${i + 1}`, email: null, role: 'agent', password });
    // The softphone signs in with the same password; the SIP side keeps only its HA1.
    const agent = await repos.agents.create({ user_id: user.id, name: `Agent ${i + 1}`, extension: String(1001 + i), sip_username: name, sip_password: password, wrap_up_seconds: wrapUp });
    agents.push({ username: name, password, sipUsername: name, sipPassword: password, extension: String(1001 + i) });
    agentIds.push(agent.id);
  }
  const queue = (name: string) => repos.queues.create({ name, strategy: 'longest-idle', ring_timeout_seconds: 20, wrap_up_seconds: wrapUp, service_level_seconds: 20, max_wait_seconds: 600 });
  const sales = await queue('sales');
  const support = await queue('support');
  for (const q of [sales, support]) for (const agentId of agentIds) await repos.queues.addMember(q.id, { agent_id: agentId });
  const flow = await repos.ivrFlows.create({
    name: 'main-menu',
    description: 'Demo: press 1 for sales, 2 for support',
    definition: {
      start: 'welcome',
      nodes: {
        welcome: { verb: 'say', text: 'Welcome to Switchboard. Press 1 for sales. Press 2 for support.', barge_in: true, next: 'menu' },
        menu: { verb: 'menu', options: { 1: 'sales', 2: 'support' }, timeout_seconds: 6, retries: 2, no_input_prompt: 'Please press 1 for sales, or 2 for support.', invalid_prompt: 'Sorry, that is not an option.', on_failure: 'goodbye' },
        sales: { verb: 'queue', queue: 'sales' },
        support: { verb: 'queue', queue: 'support' },
        goodbye: { verb: 'hangup', reason: 'no choice made' },
      },
    },
  });
  await repos.numbers.create({ e164: demoNumber, destination: { type: 'ivr', id: flow.id }, description: 'Demo main number' });
  await repos.trunks.create({ name: 'loopback-test-trunk', auth_type: 'ip', allowed_cidrs: ['127.0.0.1/32', '::1/128'] });
  await repos.contacts.create({ phone_number: '+15551234567', name: 'Ada Lovelace', company: 'Analytical Engines Ltd' });
  return { number: demoNumber, agents, queues: { sales: sales.id, support: support.id } };
}

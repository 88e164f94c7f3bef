// What the call tests share on top of the e2e center (test/e2e/helpers): the repositories of
// the center's own database, the agents' ids, making an agent available, pointing the demo
// number somewhere else, and reading a call record with its legs.
import assert from 'node:assert/strict';
import { createRepositories, type Destination, type IvrFlowDefinition, type Repositories, type Row } from '../../../../server/db/index.js';
import { AGENT_PASSWORDS, REALM, eventually, type Center } from '../../../e2e/helpers/center.js';
import { NodePhone } from '../../../e2e/helpers/node-phone.js';

export const DEMO_NUMBER = '15550100';

export function reposOf(c: Center): Repositories {
  return createRepositories(c.sb.database.db, { sipRealm: REALM });
}

export async function agentIdOf(repos: Repositories, username: string): Promise<string> {
  const agent = (await repos.agents.list({ limit: 50 })).items.find((a) => a.sip_username === username);
  assert.ok(agent, `agent ${username}`);
  return agent.id;
}

/** Registers a desk phone for the agent and makes the agent available in the ACD. */
export async function readyAgent(c: Center, username: 'agent1' | 'agent2'): Promise<{ phone: NodePhone; id: string }> {
  const phone = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, username);
  assert.equal(await phone.register(AGENT_PASSWORDS[username], REALM), 'SIP/2.0 200 OK');
  const id = await agentIdOf(reposOf(c), username);
  await c.sb.acd.agentLogin(id);
  return { phone, id };
}

/** Points the demo number at `destination` (the router reads numbers per call). */
export async function routeDemoNumber(repos: Repositories, destination: Destination): Promise<void> {
  const number = await repos.numbers.findByE164('+15550100');
  assert.ok(number, 'demo number');
  await repos.numbers.update(number.id, { destination });
}

/** A new IVR flow routed from the demo number. */
export async function demoFlow(repos: Repositories, definition: IvrFlowDefinition): Promise<void> {
  const flow = await repos.ivrFlows.create({ name: `flow-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, description: '', definition });
  await routeDemoNumber(repos, { type: 'ivr', id: flow.id });
}

/** The completed record of the newest call matching `pick`. */
export async function completedCall(repos: Repositories, pick: (row: Row<'calls'>) => boolean = () => true, ms = 15000): Promise<Row<'calls'>> {
  return eventually(async () => (await repos.calls.search({ limit: 50 })).items.find((row) => row.status === 'completed' && pick(row)), ms, 'the completed call record');
}

/** Fails the test on any unhandled rejection while it runs. */
export function failOnUnhandledRejection(t: { after(fn: () => void): void }): unknown[] {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => { seen.push(reason); };
  process.on('unhandledRejection', listener);
  t.after(() => process.off('unhandledRejection', listener));
  return seen;
}

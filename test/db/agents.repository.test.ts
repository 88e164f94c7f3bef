// Agents' SIP credentials: HA1s are stored, the password nowhere; the registrar's lookup.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { agentsRepository } from '../../server/db/agents.repository.js';
import { describeEachDatabase } from './test-databases.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describeEachDatabase('agents repository', (get) => {
  const password = 'Plain-Sip-Secret-93417';

  it('stores MD5 and SHA-256 HA1 and findBySipUsername returns them', async () => {
    const agents = agentsRepository(get().db, 'acme');
    const agent = await agents.create({ name: 'Ann', extension: '1001', sip_username: 'ann', sip_password: password, user_id: null, skills: [{ skill: 'sales', proficiency: 4 }] });
    const creds = await agents.findBySipUsername('ann');
    assert.deepEqual(creds, { agentId: agent.id, username: 'ann', realm: 'acme', ha1Md5: md5(`ann:acme:${password}`), ha1Sha256: sha256(`ann:acme:${password}`) });
    assert.deepEqual(agent.skills, [{ skill: 'sales', proficiency: 4 }]);
    assert.equal(await agents.findBySipUsername('nobody'), undefined);
  });

  it('never stores the plain SIP password anywhere in the database', async () => {
    const { db } = get();
    const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`.execute(db);
    let dump = '';
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ t: string }>`SELECT t::text AS t FROM ${sql.table(table_name)} t`.execute(db);
      dump += rows.rows.map((r) => r.t).join('\n');
    }
    assert.ok(dump.includes(md5(`ann:acme:${password}`)), 'the dump holds the HA1, so it is a real dump');
    assert.ok(!dump.includes(password), 'plain password absent');
  });

  it('rehashes when the password changes, under the new username if it changes too', async () => {
    const agents = agentsRepository(get().db, 'acme');
    const { agentId } = (await agents.findBySipUsername('ann'))!;
    await agents.update(agentId, { sip_username: 'ann2', sip_password: 'next' });
    const creds = await agents.findBySipUsername('ann2');
    assert.equal(creds?.ha1Md5, md5('ann2:acme:next'));
    await agents.update(agentId, { wrap_up_seconds: 15 });
    assert.equal((await agents.get(agentId))?.wrap_up_seconds, 15);
    assert.equal((await agents.findBySipUsername('ann2'))?.ha1Md5, md5('ann2:acme:next'));
  });
});

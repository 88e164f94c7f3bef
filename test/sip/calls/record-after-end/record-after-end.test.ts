// The call record's one writer keeps a closed record closed: the agent's answer that races the
// caller's BYE (the bridge finishing after the hangup began) lands after the end in the write
// chain; it may add its facts (agent, answered_at) but never sets the call back to connected.
// Found by a CI run where such a call's record stayed `connected` for good.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../../server/api/logger.js';
import { createRepositories } from '../../../../server/db/index.js';
import { CallRecord } from '../../../../server/sip/calls/call-record.js';
import { describeEachDatabase } from '../../../db/test-databases.js';

describeEachDatabase('a call record after its end', (get) => {
  it('late facts are kept, the status stays completed', { timeout: 30_000 }, async () => {
    const repos = createRepositories(get().db, { sipRealm: 'switchboard' });
    const agent = await repos.agents.create({ name: 'A', extension: '2001', sip_username: 'late-agent', sip_password: 'late-agent-pw' });
    const record = await CallRecord.open(repos, createLogger({ level: 'silent' }), { from: '+15550001111', to: '+15550100' });
    const ended = record.end('abandoned', 'caller', 'caller hung up');
    const late = record.answered(agent.id);
    await Promise.all([ended, late]);
    const row = await repos.calls.get(record.id);
    assert.equal(row?.status, 'completed');
    assert.equal(row?.hangup_cause, 'caller hung up');
    assert.equal(row?.agent_id, agent.id, 'the late fact is kept');
    assert.ok(row?.answered_at instanceof Date);
  });
});

// Settings the call center does not act on yet are refused with 400 naming the field and
// saying "is not available yet" (callbacks, queue schedules, several calls per agent,
// member proficiency, the trunk's caller id and codec settings); their
// defaults stay accepted so a client may send back what it read.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi, type Reply } from '../api-harness.js';

function refused(reply: Reply, field: string): void {
  assert.equal(reply.status, 400, `${field}: ${reply.text}`);
  assert.match(reply.body.error ?? '', /^not available yet: /);
  const issue = reply.body.details?.find((d) => d.path === `body.${field}`);
  assert.ok(issue, `an issue names ${field}: ${JSON.stringify(reply.body.details)}`);
  assert.match(issue.message, /^is not available yet: /);
}

describeEachApi('settings that are not available yet', (get) => {
  it('queues: skills strategy, required skills, callbacks and a schedule are refused; defaults pass', { timeout: 30000 }, async () => {
    const { request } = get();
    const base = { name: 'q', strategy: 'ring-all' };
    refused(await request('POST', '/queues', { body: { ...base, strategy: 'skills' } }), 'strategy');
    refused(await request('POST', '/queues', { body: { ...base, required_skills: [{ skill: 'german', proficiency: 3 }] } }), 'required_skills');
    refused(await request('POST', '/queues', { body: { ...base, callback_allowed: true } }), 'callback_allowed');
    const schedule = await request('POST', '/schedules', { body: { name: 'hours', time_zone: 'UTC' } });
    refused(await request('POST', '/queues', { body: { ...base, schedule_id: schedule.body.id } }), 'schedule_id');
    const ok = await request('POST', '/queues', { body: { ...base, required_skills: [], callback_allowed: false, schedule_id: null, priority_rules: [{ caller_prefix: '+49', priority: 5 }] } });
    assert.equal(ok.status, 201, ok.text);
    refused(await request('PATCH', `/queues/${ok.body.id}`, { body: { strategy: 'skills' } }), 'strategy');
    const { id: _id, created_at: _c, updated_at: _u, ...writable } = ok.body;
    assert.equal((await request('PATCH', `/queues/${ok.body.id}`, { body: writable })).status, 200, 'what was read can be written back');
  });

  it('agents: more than one call at a time is refused (skills are taken: skills routing acts on them); member proficiency too', { timeout: 30000 }, async () => {
    const { request } = get();
    const base = { name: 'Ann', extension: '3200', sip_username: 'ann2', sip_password: 'ann-sip-password' };
    refused(await request('POST', '/agents', { body: { ...base, max_concurrent_calls: 2 } }), 'max_concurrent_calls');
    const agent = await request('POST', '/agents', { body: { ...base, skills: [{ skill: 'sales', proficiency: 4 }], max_concurrent_calls: 1 } });
    assert.equal(agent.status, 201, agent.text);
    assert.deepEqual(agent.body.skills, [{ skill: 'sales', proficiency: 4 }]);
    const patched = await request('PATCH', `/agents/${agent.body.id}`, { body: { skills: [{ skill: 'x', proficiency: 1 }] } });
    assert.equal(patched.status, 200, patched.text);
    const q = await request('POST', '/queues', { body: { name: 'members', strategy: 'ring-all' } });
    refused(await request('POST', `/queues/${q.body.id}/members`, { body: { agent_id: agent.body.id, proficiency: 5 } }), 'proficiency');
    assert.equal((await request('POST', `/queues/${q.body.id}/members`, { body: { agent_id: agent.body.id, penalty: 2, proficiency: 3 } })).status, 201);
    refused(await request('PATCH', `/queues/${q.body.id}/members/${agent.body.id}`, { body: { proficiency: 1 } }), 'proficiency');
  });

  it('trunks: codecs other than the default are refused; channel and CPS caps are taken', { timeout: 30000 }, async () => {
    const { request } = get();
    const base = { name: 'carrier', auth_type: 'ip', allowed_cidrs: ['192.0.2.10'] };
    for (const [field, value] of Object.entries({ codecs: ['PCMA'] })) {
      refused(await request('POST', '/trunks', { body: { ...base, [field]: value } }), field);
    }
    const ok = await request('POST', '/trunks', { body: { ...base, codecs: ['PCMU', 'PCMA'], max_channels: 30, max_cps: 5, enabled: true } });
    assert.equal(ok.status, 201, ok.text);
    const secretLeak = await request('POST', '/trunks', { body: { ...base, name: 'leak', register_password: 'Never-Echo-This-1' } });
    assert.equal(secretLeak.status, 400, 'an IP trunk takes no register password');
    assert.ok(!secretLeak.text.includes('Never-Echo-This-1'), 'the refused password is not echoed');
  });
});

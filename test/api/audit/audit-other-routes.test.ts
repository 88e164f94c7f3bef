// test-file-timeout: 2 min
// The changes outside the five CRUD routes are audited too, each with its own action: the
// not-ready reasons replaced, a token revoked (by its owner, a supervisor), a webhook removed,
// a prompt's audio uploaded, a queue member changed and removed.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { silentWav } from '../wav-fixture.js';
import { describeEachApi } from '../api-harness.js';
import { auditMark, entriesAfter } from './audit-helpers.js';

const webhooks = { added: () => undefined, removed: () => undefined };

const wav = () => silentWav(800);

describeEachApi('audit log: routes outside CRUD', (get) => {
  it('records reasons, token revocation, webhook removal, prompt audio and members', { timeout: 60_000 }, async () => {
    const h = get();
    const mark = await auditMark(h);
    assert.equal((await h.request('PUT', '/not-ready-reasons', { body: { items: ['Lunch'] } })).status, 200);
    assert.equal((await h.request('PUT', '/not-ready-reasons', { body: { items: ['Lunch', 'Coaching'] } })).status, 200);
    const { token: supervisor, userId: supervisorId } = await h.userWithRole('supervisor', 'audit-revoker');
    const token = await h.request('POST', '/tokens', { token: supervisor, body: { name: 'to-revoke', expires_in_days: 1 } });
    assert.equal((await h.request('DELETE', `/tokens/${String(token.body.id)}`, { token: supervisor })).status, 204);
    const hook = await h.request('POST', '/webhooks', { body: { url: 'https://crm.example.test/x' } });
    assert.equal((await h.request('DELETE', `/webhooks/${String(hook.body.id)}`)).status, 200);
    const prompt = await h.request('POST', '/prompts', { body: { name: 'audit-greeting', kind: 'text', text: 'Hello' } });
    assert.equal((await h.request('PUT', `/prompts/${String(prompt.body.id)}/audio`, { rawBody: wav(), contentType: 'audio/wav' })).status, 200);
    const queue = await h.request('POST', '/queues', { body: { name: 'audit-members', strategy: 'ring-all' } });
    const { agentId } = await h.userWithRole('agent', 'audit-removed');
    const members = `/queues/${String(queue.body.id)}/members`;
    assert.equal((await h.request('POST', members, { body: { agent_id: agentId } })).status, 201);
    assert.equal((await h.request('PATCH', `${members}/${agentId}`, { body: { penalty: 4 } })).status, 200);
    assert.equal((await h.request('DELETE', `${members}/${agentId}`)).status, 204);

    const entries = await entriesAfter(h, mark);
    assert.deepEqual(entries.map((e) => `${e.action} ${e.resource_type}`), [
      'update not-ready-reasons', 'update not-ready-reasons', 'create token', 'revoke token', 'create webhook', 'delete webhook',
      'create prompt', 'upload-audio prompt', 'create queue', 'member.add queue', 'member.update queue', 'member.remove queue',
    ]);
    const at = (action: string, resource: string) => entries.find((e) => e.action === action && e.resource_type === resource)!;
    const reasons = entries[1]!;
    assert.deepEqual([reasons.resource_id, reasons.before, reasons.after], [null, { items: ['Lunch'] }, { items: ['Lunch', 'Coaching'] }]);
    const revoked = at('revoke', 'token');
    assert.deepEqual([revoked.actor?.id, revoked.resource_id, revoked.route], [supervisorId, token.body.id, 'DELETE /api/tokens/:id']);
    assert.deepEqual([revoked.before?.revoked_at, typeof revoked.after?.revoked_at], [null, 'string']);
    assert.deepEqual([at('delete', 'webhook').before?.url, at('delete', 'webhook').after], ['https://crm.example.test/x', null]);
    const audio = at('upload-audio', 'prompt');
    assert.deepEqual([audio.before?.kind, audio.after?.kind, audio.after?.audio_file, audio.changed], ['text', 'audio', `${String(prompt.body.id)}.wav`, null]);
    const removed = at('member.remove', 'queue');
    assert.deepEqual([removed.resource_id, removed.before?.agent_id, removed.before?.penalty, removed.after], [queue.body.id, agentId, 4, null]);
  });
}, { webhooks });

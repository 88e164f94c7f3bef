// test-file-timeout: 60 s
// The admin's not-ready reasons: with no list any reason goes; an admin sets one (blank or
// repeated names refused, agents may not), and from then on /me/state takes only its reasons
// (400 naming body.reason); an empty list frees them again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_PASSWORDS, startCenter } from '../../e2e/helpers/center.js';
import { apiRequest, login } from '../../e2e/helpers/api.js';

test('not-ready reasons: free without a list, enforced with one', { timeout: 60_000 }, async (t) => {
  const c = await startCenter(t);
  const admin = await login(c, 'admin', 'admin-secret-pw');
  const agent = await login(c, 'agent1', AGENT_PASSWORDS.agent1);
  assert.deepEqual((await apiRequest(c, agent, 'GET', '/not-ready-reasons')).body, { items: [] });
  assert.equal((await apiRequest(c, agent, 'POST', '/me/state', { state: 'not-ready', reason: 'anything' })).status, 200);
  assert.equal((await apiRequest(c, agent, 'PUT', '/not-ready-reasons', { items: ['Lunch'] })).status, 403, 'agents may not set them');
  assert.equal((await apiRequest(c, admin, 'PUT', '/not-ready-reasons', { items: ['Lunch', 'Lunch'] })).status, 400);
  assert.equal((await apiRequest(c, admin, 'PUT', '/not-ready-reasons', { items: ['Coaching', 'Lunch'] })).status, 200);
  assert.deepEqual((await apiRequest(c, agent, 'GET', '/not-ready-reasons')).body, { items: ['Coaching', 'Lunch'] });
  const refused = await apiRequest<{ details?: { path: string; message: string }[] }>(c, agent, 'POST', '/me/state', { state: 'not-ready', reason: 'anything' });
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body.details?.[0], { path: 'body.reason', message: 'must be one of Coaching, Lunch' });
  const ok = await apiRequest<{ state: string; reason: string }>(c, agent, 'POST', '/me/state', { state: 'not-ready', reason: 'Lunch' });
  assert.deepEqual([ok.status, ok.body.state, ok.body.reason], [200, 'not-ready', 'Lunch']);
  assert.equal((await apiRequest(c, admin, 'PUT', '/not-ready-reasons', { items: [] })).status, 200);
  assert.equal((await apiRequest(c, agent, 'POST', '/me/state', { state: 'not-ready', reason: 'anything' })).status, 200, 'free again');
});

// test-file-timeout: 1 min
// Issue 14: every change through the API is audited. This walks the declared routes (the
// OpenAPI document lists each with `x-audit` when it declares `audit`) and fails for any
// POST, PUT, PATCH or DELETE that neither declares it nor is exempted below — so a new
// mutating route cannot forget. An exemption is a route that changes no configuration.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from '../api-harness.js';

const exempt: Record<string, string> = {
  // Signing in and out: sessions, not changes; each attempt is a `security: "web"` log line.
  'POST /api/auth/login': 'session',
  'POST /api/auth/logout': 'session',
  // The agent's own ACD state: kept in agent_state_events (GET /api/agent-states).
  'POST /api/me/state': 'agent state',
  'POST /api/prompts/preview': 'changes nothing: speaks a text',
  // Call work and call control: calls, not configuration; the call record keeps them.
  'POST /api/calls/{id}/wrap-up': 'call record',
  'POST /api/calls/{id}/conference': 'call control',
  'DELETE /api/calls/{id}/conference/parties/{party_id}': 'call control',
  'POST /api/calls/{id}/transfer': 'call control',
  'POST /api/calls/{id}/consult': 'call control',
  'POST /api/calls/{id}/consult/complete': 'call control',
  'POST /api/calls/{id}/consult/cancel': 'call control',
  'POST /api/calls/{id}/consult/conference': 'call control',
};

interface Operation { 'x-audit'?: { resource: string; action: string } }

describeEachApi('audit log: every change is audited', (get) => {
  it('each mutating route declares audit or is exempted', { timeout: 30_000 }, async () => {
    const doc = await get().request('GET', '/openapi.json', { token: null });
    const paths = doc.body.paths as Record<string, Record<string, Operation>>;
    const mutating = Object.entries(paths).flatMap(([path, ops]) => Object.entries(ops)
      .filter(([method]) => method !== 'get')
      .map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, audit: op['x-audit'] })));
    const forgotten = mutating.filter((r) => !r.audit && !(r.route in exempt)).map((r) => r.route);
    assert.deepEqual(forgotten, [], 'declare `audit` on these routes (or exempt them here, saying why)');
    const stale = Object.keys(exempt).filter((route) => !mutating.some((r) => r.route === route && !r.audit));
    assert.deepEqual(stale, [], 'exempted routes that are gone or now audited');
    // Some of what it found, so that the walk cannot pass on an empty document.
    const audited = Object.fromEntries(mutating.filter((r) => r.audit).map((r) => [r.route, r.audit]));
    assert.deepEqual(audited['PATCH /api/trunks/{id}'], { resource: 'trunk', action: 'update' });
    assert.deepEqual(audited['DELETE /api/tokens/{id}'], { resource: 'token', action: 'revoke' });
    assert.deepEqual(audited['PUT /api/not-ready-reasons'], { resource: 'not-ready-reasons', action: 'update' });
    assert.deepEqual(audited['POST /api/ivr-flows'], { resource: 'ivr-flow', action: 'create' });
  });
});

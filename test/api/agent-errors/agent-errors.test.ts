// The agent-control routes (/api/me/state) over a real ACD: what the ACD refuses reaches the
// agent as a plain sentence ("You can't go ready while a call is ringing.") with a stable
// code, never the ACD's internal text ("event go-ready is not allowed when …").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApiApp } from '../../../server/api/create-api-app.js';
import { createLogger } from '../../../server/api/logger.js';
import { AcdService, createAcdStore } from '../../../server/acd/index.js';
import { createRepositories } from '../../../server/db/repositories.js';
import { createTestDatabase, databaseKinds } from '../../db/test-databases.js';

for (const kind of databaseKinds) {
  describe(`agent state errors as sentences [${kind}]`, { timeout: 60000 }, () => {
    let server: Server | undefined;
    let acd: AcdService | undefined;
    let drop: (() => Promise<void>) | undefined;
    let base = '';
    let token = '';
    let agentId = '';
    let queueId = '';
    let repos: ReturnType<typeof createRepositories>;

    before(async () => {
      const database = await createTestDatabase(kind);
      drop = database.drop;
      repos = createRepositories(database.db, { sipRealm: 'switchboard' });
      const user = await repos.users.create({ username: 'ann', role: 'agent', password: 'ann-password-1', email: null });
      token = (await repos.tokens.issue(user.id, 'tests', null)).token;
      agentId = (await repos.agents.create({ name: 'Ann', user_id: user.id, extension: '4001', sip_username: 'ann', sip_password: 'ann-sip-password' })).id;
      queueId = (await repos.queues.create({ name: 'sales', strategy: 'ring-all', ring_timeout_seconds: 60 })).id;
      await repos.queues.addMember(queueId, { agent_id: agentId });
      acd = new AcdService({ store: createAcdStore(repos) });
      await acd.load();
      const control = acd;
      const app = createApiApp({
        db: database.db, logger: createLogger({ level: 'silent' }), sipRealm: 'switchboard',
        agentControl: {
          wssUrl: '', snapshot: () => control.snapshot(), agentLogin: (id) => control.agentLogin(id), agentLogout: (id) => control.agentLogout(id),
          agentReady: (id) => control.agentReady(id), agentNotReady: (id, reason) => control.agentNotReady(id, reason),
          moveWaiting: (callId, destination) => control.moveWaiting(callId, destination),
        },
      });
      server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    });
    after(async () => {
      await acd?.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await drop?.();
    });

    const setState = async (body: unknown) => {
      const res = await fetch(`${base}/me/state`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() as { error?: string; code?: string; state?: string } };
    };

    it('go ready while a call rings: 409 "You can\'t go ready while a call is ringing." with a code', async () => {
      assert.equal((await setState({ state: 'available' })).body.state, 'available');
      const call = await repos.calls.create({ direction: 'inbound', from_number: '+15551230000', to_number: '+15550100' });
      const offered = new Promise<void>((resolve) => acd?.once('offer', () => resolve()));
      await acd?.enqueue({ callId: call.id, queueId, callerNumber: '+15551230000' });
      await offered;
      const refused = await setState({ state: 'available' });
      assert.equal(refused.status, 409);
      assert.deepEqual(refused.body, { error: "You can't go ready while a call is ringing.", code: 'go-ready-while-ringing' });
      await acd?.callerHungUp(call.id);
    });

    it('log out during a call: a sentence that says what to do', async () => {
      const call = await repos.calls.create({ direction: 'inbound', from_number: '+15551230001', to_number: '+15550100' });
      const offered = new Promise<void>((resolve) => acd?.once('offer', () => resolve()));
      await acd?.enqueue({ callId: call.id, queueId, callerNumber: '+15551230001' });
      await offered;
      await acd?.answered(call.id, agentId);
      const refused = await setState({ state: 'logged-out' });
      assert.equal(refused.status, 409);
      assert.deepEqual(refused.body, { error: "You can't log out during a call. Hang up first.", code: 'logout-while-on-call' });
      assert.doesNotMatch(refused.body.error ?? '', /event|not allowed when/);
      await acd?.callerHungUp(call.id);
    });
  });
}

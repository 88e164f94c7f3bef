// Issue 9 point 6, agents who vanish are not offered calls: two sip.js agents over WSS, ready
// in the ACD (real registrar, AcdService and Postgres). One closes its WebSocket without
// un-REGISTER (a browser tab that dies): the contact keepalive finds the dead connection, the
// registrar says bindings-gone, and the ACD logs the agent out with reason `unregistered`
// within the keepalive interval + timeout (measured, printed). The next call is offered to the
// other agent, who stays registered through the pings. An un-REGISTER logs out at once; so
// does an expiry sweep; an agent on a call is logged out when the call ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { AcdService } from '../../../server/acd/acd-service.js';
import { createAcdStore } from '../../../server/acd/acd-store.js';
import type { OfferEvent } from '../../../server/acd/acd-service.types.js';
import { linkAgentPresence } from '../../../server/sip/agent-presence.js';
import { ALICE, BOB, REALM, startPhoneRig, waitFor, withTimeout } from '../helpers/phone-rig.js';
import { startSipJsPhone } from '../helpers/sipjs-phone.js';
import { UdpSipClient } from '../helpers/udp-sip-client.js';

const keepalive = { intervalSec: 2, timeoutSec: 2 };

test('a dropped WebSocket logs the agent out (unregistered); the next call goes to the other agent; un-REGISTER logs out at once', { timeout: 60_000 }, async (t) => {
  const rig = await startPhoneRig(t, { registrar: { keepalive } });
  const agentId = async (user: string): Promise<string> => (await rig.repos.agents.findBySipUsername(user))?.agentId ?? assert.fail(`no agent ${user}`);
  const [alice, bob] = [await agentId(ALICE.username), await agentId(BOB.username)];
  const queue = await rig.repos.queues.create({ name: 'vanish', strategy: 'longest-idle', ring_timeout_seconds: 20 });
  for (const id of [alice, bob]) await rig.repos.queues.addMember(queue.id, { agent_id: id });
  const acd = new AcdService({ store: createAcdStore(rig.repos) });
  await acd.load();
  t.after(() => acd.close());
  const presence = linkAgentPresence({ registrar: rig.registrar, repos: rig.repos, acd, logger: pino({ level: 'silent' }) });
  t.after(() => presence.close());
  const offers: OfferEvent[] = [];
  acd.on('offer', (o) => offers.push(o));

  const phones = await Promise.all([ALICE, BOB].map((a) => startSipJsPhone({ server: rig.wssUrl, user: a.username, password: a.password, realm: REALM, answerAfterMs: false })));
  for (const p of phones) t.after(() => p.stop());
  const [alicePhone, bobPhone] = phones as [typeof phones[0], typeof phones[0]];
  await alicePhone.register();
  await bobPhone.register();
  for (const id of [alice, bob]) await acd.agentLogin(id); // logged in is available: ready for calls
  assert.equal(acd.agentState(alice).status, 'available');

  const dropped = Date.now();
  await alicePhone.dropConnection();
  await waitFor(() => acd.agentState(alice).status === 'logged-out', (keepalive.intervalSec + keepalive.timeoutSec) * 1000 + 3000);
  const ms = Date.now() - dropped;
  t.diagnostic(`dropped WebSocket → agent logged out after ${ms} ms (keepalive every ${keepalive.intervalSec} s, timeout ${keepalive.timeoutSec} s)`);
  assert.deepEqual(acd.agentState(alice), { status: 'logged-out', reason: 'unregistered' });
  assert.ok(ms <= (keepalive.intervalSec + keepalive.timeoutSec) * 1000 + 1000, `within interval + timeout (${ms} ms)`);
  assert.deepEqual(await rig.repos.registrations.current(rig.registrar.aorOf(ALICE.username)), [], 'the dead binding is gone');
  const row = (await rig.repos.agentStates.latest()).find((r) => r.agent_id === alice);
  assert.deepEqual([row?.state, row?.reason], ['offline', 'unregistered'], 'the logout is on record with its reason');

  // bob answered the pings all along: still registered, still available, and gets the call
  await new Promise((r) => setTimeout(r, keepalive.intervalSec * 1000 + 500));
  assert.equal((await rig.repos.registrations.current(rig.registrar.aorOf(BOB.username))).length, 1, 'a live phone survives the keepalive');
  const call = await rig.repos.calls.create({ direction: 'inbound', from_number: '+15550100', to_number: '+18005550199' });
  await acd.enqueue({ callId: call.id, queueId: queue.id, callerNumber: '+15550100' });
  await withTimeout(waitFor(() => offers.length > 0, 2000), 3000, 'offer');
  assert.deepEqual(offers.map((o) => o.agentId), [bob], 'the next call goes to the agent who is still there');

  // un-REGISTER while rung: logged out at once, the offer ends
  const unregistered = Date.now();
  await bobPhone.unregister();
  await waitFor(() => acd.agentState(bob).status === 'logged-out', 2000);
  t.diagnostic(`un-REGISTER → agent logged out after ${Date.now() - unregistered} ms`);
  assert.deepEqual(acd.agentState(bob), { status: 'logged-out', reason: 'unregistered' });
  await acd.callerHungUp(call.id);
});

test('a desk phone whose registration expires: logged out at the sweep; an agent on a call is logged out when the call ends', { timeout: 60_000 }, async (t) => {
  const rig = await startPhoneRig(t, { registrar: { keepalive: false, minExpires: 1, sweepIntervalMs: 300 } });
  const agentId = async (user: string): Promise<string> => (await rig.repos.agents.findBySipUsername(user))?.agentId ?? assert.fail(`no agent ${user}`);
  const [alice, bob] = [await agentId(ALICE.username), await agentId(BOB.username)];
  const acd = new AcdService({ store: createAcdStore(rig.repos) });
  await acd.load();
  t.after(() => acd.close());
  const presence = linkAgentPresence({ registrar: rig.registrar, repos: rig.repos, acd, logger: pino({ level: 'silent' }) });
  t.after(() => presence.close());
  const desk = await UdpSipClient.open(rig.target);
  t.after(() => desk.close());
  assert.equal((await desk.registerWithAuth({ user: ALICE.username, callId: 'desk-a', cseq: 1, expires: 2 }, ALICE.password, REALM)).status, 200);
  assert.equal((await desk.registerWithAuth({ user: BOB.username, callId: 'desk-b', cseq: 1, expires: 600 }, BOB.password, REALM)).status, 200);
  for (const id of [alice, bob]) await acd.agentLogin(id);

  const registered = Date.now();
  await waitFor(() => acd.agentState(alice).status === 'logged-out', 5000);
  t.diagnostic(`2 s registration expired → agent logged out after ${Date.now() - registered} ms (sweep every 300 ms)`);
  assert.deepEqual(acd.agentState(alice), { status: 'logged-out', reason: 'unregistered' });

  // bob is on a call when his phone unregisters: no logout mid-call, but at its end
  const call = await rig.repos.calls.create({ direction: 'internal', from_number: '1001', to_number: '1002' });
  await acd.directCall(call.id, bob);
  assert.equal((await desk.registerWithAuth({ user: BOB.username, callId: 'desk-b', cseq: 3, expires: 0 }, BOB.password, REALM)).status, 200);
  await rig.waitForContacts(BOB.username, 0);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(acd.agentState(bob).status, 'on-call', 'the call is not cut by the logout');
  await acd.agentHungUp(call.id);
  await waitFor(() => acd.agentState(bob).status === 'logged-out', 2000);
  assert.deepEqual(acd.agentState(bob), { status: 'logged-out', reason: 'unregistered' });
});

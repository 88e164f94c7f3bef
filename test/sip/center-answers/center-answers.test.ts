// Through the whole center (issue 11): what a carrier and a desk phone hear when they ask what
// the center does not serve. OPTIONS from the demo trunk's address (127.0.0.1/32) and from a
// registered phone's own socket get 200 with Allow (never 503: a carrier would mark the PBX
// down); an INVITE that Requires an extension we lack (precondition; 100rel is served since
// the engine does PRACK) gets 420 + Unsupported; a phone's message-waiting
// SUBSCRIBE gets 489; PUBLISH gets 405 and an unknown method 501, both with Allow. A queue
// call then shows Allow and Supported on our INVITE to the agent and Allow on our 200 to the caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCenter, AGENT_PASSWORDS, REALM } from '../../e2e/helpers/center.js';
import { NodePhone, header } from '../../e2e/helpers/node-phone.js';
import { RawSipPeer, sdp } from '../../engine/helpers/raw-sip-peer.js';
import { DEMO_NUMBER, readyAgent, reposOf, routeDemoNumber } from '../calls/helpers/call-rig.js';
import { uacOptionTags, uasOptionTags } from '../../../server/engine/core/capabilities.js';

const allowOf = (res: string): string[] => header(res, 'allow').split(/\s*,\s*/);

function assertOptions200(res: string, who: string): void {
  assert.match(res, /^SIP\/2\.0 200 OK/, `${who}: OPTIONS answered 200`);
  for (const m of ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO', 'REGISTER']) assert.ok(allowOf(res).includes(m), `${who}: Allow lists ${m} (${header(res, 'allow')})`);
  assert.ok(!allowOf(res).includes('REFER'), `${who}: REFER is refused in calls, so not allowed`);
  assert.equal(header(res, 'accept'), 'application/sdp', `${who}: Accept`);
}

test('the center answers what it does not serve with the true code', { timeout: 90_000 }, async (t) => {
  const c = await startCenter(t);
  const trunk = await RawSipPeer.open(t, '127.0.0.1', c.sipPort);
  const ask = async (method: string, extra: string[], body = ''): Promise<string> => {
    const callId = `ca-${method}-${Math.random().toString(36).slice(2)}`;
    trunk.send(trunk.request(method, { callId, extra, user: '+15550007777', body }));
    return trunk.next(new RegExp(`^SIP/2\\.0 [2-6]\\d\\d[\\s\\S]*Call-ID: ${callId}`), 10_000);
  };

  assertOptions200(await ask('OPTIONS', ['User-Agent: carrier-sbc', 'Accept: application/sdp']), 'trunk');

  const phone = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, 'agent2');
  t.after(() => phone.close());
  assert.equal(await phone.register(AGENT_PASSWORDS.agent2, REALM), 'SIP/2.0 200 OK');
  assertOptions200(await phone.options(), 'registered phone');

  const rel = await ask('INVITE', ['Require: precondition', 'Supported: 100rel, timer'], sdp);
  assert.match(rel, /^SIP\/2\.0 420 Bad Extension/);
  assert.equal(header(rel, 'unsupported'), 'precondition');

  const mwi = await ask('SUBSCRIBE', ['Event: message-summary', 'Expires: 3600']);
  assert.match(mwi, /^SIP\/2\.0 489 Bad Event/);
  assert.ok(allowOf(mwi).includes('INVITE'));

  const publish = await ask('PUBLISH', ['Event: presence']);
  assert.match(publish, /^SIP\/2\.0 405 Method Not Allowed/);
  assert.ok(allowOf(publish).includes('REGISTER') && !allowOf(publish).includes('PUBLISH'), header(publish, 'allow'));
  const unknown = await ask('FROBNICATE', []);
  assert.match(unknown, /^SIP\/2\.0 501 Not Implemented/);
  assert.ok(allowOf(unknown).includes('INVITE'));

  // A queue call: our INVITE to the agent and our 200 to the caller name what we do.
  const repos = reposOf(c);
  const queue = (await repos.queues.list({ limit: 10 })).items.find((q) => q.name === 'sales');
  assert.ok(queue);
  await routeDemoNumber(repos, { type: 'queue', id: queue.id });
  const { phone: agent } = await readyAgent(c, 'agent1');
  const caller = await NodePhone.open({ host: '127.0.0.1', port: c.sipPort }, '+15550006666');
  t.after(() => { agent.close(); caller.close(); });
  const answered = agent.answerNext(200);
  const call = await caller.call(DEMO_NUMBER);
  const agentCall = await answered;
  const toAgent = agentCall.invite ?? '';
  assert.ok(allowOf(toAgent).includes('INVITE') && allowOf(toAgent).includes('BYE'), `INVITE to the agent: Allow ${header(toAgent, 'allow')}`);
  const agentTags = header(toAgent, 'supported').split(',').map((x) => x.trim()).sort();
  assert.deepEqual(agentTags, [...new Set([...uacOptionTags, 'timer'])].sort(), 'INVITE to the agent: Supported (the engine\'s 100rel and the app\'s session timer)');
  const toCaller = call.answer ?? '';
  assert.ok(allowOf(toCaller).includes('INVITE') && allowOf(toCaller).includes('OPTIONS'), `200 to the caller: Allow ${header(toCaller, 'allow')}`);
  assert.equal(header(toCaller, 'supported'), uasOptionTags.join(', '), '200 to the caller: Supported as listed');
  t.diagnostic(`INVITE to agent: Allow: ${header(toAgent, 'allow')} | Supported: ${header(toAgent, 'supported')}; 200 to caller: Allow: ${header(toCaller, 'allow')}`);
  await call.hangup();
  await agentCall.ended;
});

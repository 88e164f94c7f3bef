// The webhook verb on the fakes: a fake poster stands for the HTTP side (webhook-client has its
// own test), so each branch — the reply's verbs run in order, a chained post carrying the
// digits, jumps into the flow, every failure going to on_failure — is driven on the fake clock.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { validateIvrFlow, type HookPoster } from '../../../../server/ivr/index.js';
import type { HookRequest, HookResponse } from '../../../../server/ivr/webhook/webhook-client.js';
import { finish, startFlow } from '../harness.js';

const URL_ = 'https://crm.example.com/ivr';

/** Answers each post with the next of `replies`, and keeps the requests. */
function poster(...replies: HookResponse[]): { post: HookPoster; requests: HookRequest[]; bodies: Record<string, unknown>[] } {
  const requests: HookRequest[] = [];
  return {
    requests,
    get bodies() { return requests.map((r) => JSON.parse(r.body) as Record<string, unknown>); },
    post: async (request) => {
      requests.push(request);
      return replies.shift() ?? { ok: false, failure: 'network', problem: 'no more replies in the test' };
    },
  };
}

const ok = (json: unknown): HookResponse => ({ ok: true, status: 200, json });

const flow = (hook: Record<string, unknown> = {}) => ({
  start: 'hook',
  nodes: {
    hook: { verb: 'webhook', url: URL_, timeout_ms: 2000, on_failure: 'fallback', ...hook },
    fallback: { verb: 'queue', queue: 'support' },
    agent: { verb: 'queue', queue: 'sales' },
    bye: { verb: 'hangup', reason: 'after hook' },
  },
});

describe('webhook verb', { timeout: 20_000 }, () => {
  it('posts the call data, then runs say + gather + webhook; the second post carries the digits; queue ends the flow', async () => {
    const hook = poster(
      ok([{ verb: 'say', text: 'Hello {{caller}}' }, { verb: 'gather', prompt: 'Enter your order', variable: 'order', max_digits: 4, retries: 0 }, { verb: 'webhook' }]),
      ok([{ verb: 'set', variables: { tier: 'gold' } }, { verb: 'queue', queue: 'sales', priority: 7 }]),
    );
    const run = startFlow(flow(), { webhooks: hook.post, variables: { caller: '+15550001' }, numbers: { caller: '+15550001', called: '15550100' }, promptMs: 1000 });
    await run.clock.advance(2000);
    run.media.press('4711');
    const result = await finish(run);
    assert.deepEqual(result.outcome, { kind: 'queue', queue: 'sales', priority: 7 });
    assert.deepEqual(run.media.labels, ['Hello +15550001', 'Enter your order']);
    assert.deepEqual(hook.bodies, [
      { call_id: 'call-1', caller: '+15550001', called: '15550100', round: 1, variables: { caller: '+15550001' }, digits: '' },
      { call_id: 'call-1', caller: '+15550001', called: '15550100', round: 2, variables: { caller: '+15550001', order: '4711' }, digits: '4711' },
    ]);
    assert.equal(hook.requests[0]?.url, URL_);
    assert.equal(hook.requests[0]?.timeoutMs, 2000);
    assert.deepEqual(result.variables, { caller: '+15550001', order: '4711', tier: 'gold' });
    assert.deepEqual([result.path[0]?.node, result.path[0]?.digits, result.path[0]?.result], ['hook', '4711', 'collected']);
  });

  it('a reply that ends without a jump goes to next, or hangs up without one; goto jumps to a node of the flow', async () => {
    const toNext = await finish(startFlow(flow({ next: 'bye' }), { webhooks: poster(ok([{ verb: 'set', variables: { a: '1' } }])).post }));
    assert.deepEqual(toNext.outcome, { kind: 'hangup', reason: 'after hook' });
    const noNext = await finish(startFlow(flow(), { webhooks: poster(ok([{ verb: 'set', variables: { a: '1' } }])).post }));
    assert.deepEqual(noNext.outcome, { kind: 'hangup', reason: 'end-of-flow' });
    const jumped = await finish(startFlow(flow({ next: 'bye' }), { webhooks: poster(ok([{ verb: 'goto', target: 'agent' }, { verb: 'hangup' }])).post }));
    assert.deepEqual(jumped.outcome, { kind: 'queue', queue: 'sales' });
    assert.deepEqual(jumped.path.map((p) => p.node), ['hook', 'agent']);
  });

  it('a gather of the reply out of retries goes to its own on_failure node of the flow', async () => {
    const run = startFlow(flow({ next: 'bye' }), {
      webhooks: poster(ok([{ verb: 'gather', variable: 'pin', max_digits: 4, retries: 0, timeout_seconds: 1, on_failure: 'agent' }])).post,
    });
    await run.clock.advance(1000);
    assert.deepEqual((await finish(run)).outcome, { kind: 'queue', queue: 'sales' });
  });

  for (const [failure, problem] of [['timeout', 'no answer within 2000 ms'], ['status', 'status 500'], ['refused', '169.254.169.254 is a link-local address'], ['network', 'ECONNREFUSED'], ['not-json', 'reply is not JSON'], ['too-large', 'reply over 65536 bytes']] as const) {
    it(`${failure}: goes to on_failure, logged, the path says failed:${failure}`, async () => {
      const logged: object[] = [];
      const messages: string[] = [];
      const log = { warn: (details: object, message: string) => { logged.push(details); messages.push(message); }, error: () => undefined };
      const run = startFlow(flow({ next: 'bye', url: `${URL_}?api_key=s3cret` }), { webhooks: poster({ ok: false, failure, problem }).post, log });
      const result = await finish(run);
      assert.deepEqual(logged, [{ callId: 'call-1', node: 'hook', url: URL_, round: 1, failure, problem }], 'logged with the call id, without the URL\'s query');
      assert.deepEqual(result.outcome, { kind: 'queue', queue: 'support' });
      assert.equal(result.path[0]?.result, `failed:${failure}`);
      assert.deepEqual(messages, ['IVR webhook failed; on_failure']);
    });
  }

  const invalidReplies: [string, unknown, string][] = [
    ['not a list', { verbs: [] }, ''],
    ['an empty list', [], ''],
    ['an unknown verb', [{ verb: 'dance' }], '0.verb'],
    ['a field the verb does not have', [{ verb: 'say', text: 'Hi', volume: 11 }], '0.volume'],
    ['a next of its own', [{ verb: 'say', text: 'Hi', next: 'bye' }], '0.next'],
    ['a jump to no node of the flow', [{ verb: 'goto', target: 'nowhere' }], '0.target'],
    ['a jump to the name that stands for "go on with the list"', [{ verb: 'goto', target: 'reply-continue' }], '0.target'],
    ['a webhook naming another URL', [{ verb: 'say', text: 'Hi' }, { verb: 'webhook', url: 'http://evil.example/' }], '1.url'],
    ['a gather without its variable', [{ verb: 'gather', max_digits: 2 }], '0.variable'],
  ];
  for (const [what, reply, path] of invalidReplies) {
    it(`an invalid reply (${what}) goes to on_failure, logged with the path of the problem (${path || 'the reply'})`, async () => {
      const logged: object[] = [];
      const log = { warn: (details: object) => logged.push(details), error: () => undefined };
      const run = startFlow(flow(), { webhooks: poster(ok(reply)).post, log });
      const result = await finish(run);
      assert.deepEqual(result.outcome, { kind: 'queue', queue: 'support' });
      assert.equal(result.path[0]?.result, 'failed:invalid-reply');
      assert.deepEqual(run.media.played, [], 'nothing of an invalid reply runs');
      const entry = logged[0] as { callId: string; node: string; issues: { path: string }[] };
      assert.equal(entry.callId, 'call-1');
      assert.equal(entry.node, 'hook');
      assert.equal(entry.issues[0]?.path, path);
    });
  }

  it('a reply asking to post again forever stops after 20 rounds, to on_failure', async () => {
    const again = Array.from({ length: 30 }, () => ok([{ verb: 'webhook' }]));
    const hook = poster(...again);
    const run = startFlow(flow(), { webhooks: hook.post });
    const result = await finish(run);
    assert.equal(hook.requests.length, 20);
    assert.deepEqual(result.outcome, { kind: 'queue', queue: 'support' });
    assert.equal(result.path[0]?.result, 'failed:too-many-rounds');
  });

  it('with a secret, signs the body as the event webhooks do; without, sends no signature', async () => {
    const secret = 'a-secret-of-the-crm-32';
    const signed = poster(ok([{ verb: 'hangup' }]));
    await finish(startFlow(flow({ secret }), { webhooks: signed.post }));
    const request = signed.requests[0];
    assert.ok(request);
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(request.headers['x-switchboard-signature'] ?? '');
    assert.ok(match, 'signature header');
    assert.equal(match[2], createHmac('sha256', secret).update(`${match[1]}.${request.body}`).digest('hex'));
    const unsigned = poster(ok([{ verb: 'hangup' }]));
    await finish(startFlow(flow(), { webhooks: unsigned.post }));
    assert.equal(unsigned.requests[0]?.headers['x-switchboard-signature'], undefined);
  });

  it('a caller hanging up while the webhook is asked ends the IVR at once', async () => {
    let aborted = false;
    const slow: HookPoster = (_request, signal) => new Promise((resolve) => signal.addEventListener('abort', () => { aborted = true; resolve({ ok: false, failure: 'call-ended', problem: 'call ended' }); }));
    const run = startFlow(flow(), { webhooks: slow });
    await run.clock.advance(100);
    run.media.hangup();
    assert.deepEqual((await finish(run)).outcome, { kind: 'caller-hangup' });
    assert.equal(aborted, true, 'the request in flight is aborted');
  });
});

describe('webhook node schema', { timeout: 10_000 }, () => {
  const errors = (hook: Record<string, unknown>) => {
    const checked = validateIvrFlow(flow(hook));
    return checked.ok ? [] : checked.errors;
  };

  it('takes http and https URLs, a bounded timeout and a secret of 16+ characters', () => {
    assert.deepEqual(errors({ url: 'http://10.0.0.5:8080/ivr', timeout_ms: 10_000, secret: '0123456789abcdef' }), []);
  });

  for (const [url, message] of [
    ['ftp://crm.example.com/ivr', 'must be http or https'],
    ['file:///etc/passwd', 'must be http or https'],
    ['not a url at all', 'is not a URL'],
    ['https://user:pw@crm.example.com/', 'must not carry credentials: use secret to sign the request'],
    ['http://169.254.169.254/latest/meta-data/', 'must not be a link-local, metadata or reserved address'],
    ['http://[fe80::1]/', 'must not be a link-local, metadata or reserved address'],
    ['http://2852039166/', 'must not be a link-local, metadata or reserved address'],
  ] as const) {
    it(`refuses ${url} on nodes.hook.url`, () => assert.deepEqual(errors({ url }), [{ path: 'nodes.hook.url', message }]));
  }

  it('bounds timeout_ms, requires on_failure naming a node, and checks the secret\'s length', () => {
    assert.deepEqual(errors({ timeout_ms: 50 }), [{ path: 'nodes.hook.timeout_ms', message: 'must be 100 or more' }]);
    assert.deepEqual(errors({ timeout_ms: 60_000 }), [{ path: 'nodes.hook.timeout_ms', message: 'must be 10000 or less' }]);
    assert.deepEqual(errors({ on_failure: undefined }), [{ path: 'nodes.hook.on_failure', message: 'is required' }]);
    assert.deepEqual(errors({ on_failure: 'ghost' }), [{ path: 'nodes.hook.on_failure', message: 'must name a node (no node ghost)' }]);
    assert.deepEqual(errors({ secret: 'short' }), [{ path: 'nodes.hook.secret', message: 'must be at least 16 characters' }]);
  });
});

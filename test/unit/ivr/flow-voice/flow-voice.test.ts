// A flow's default voice (its language): text that names no voice is spoken in it — say nodes,
// menu and gather prompts, and the say of a webhook's answer; a voice named on the node wins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateIvrFlow } from '../../../../server/ivr/index.js';
import { finish, startFlow } from '../harness.js';

describe('flow voice', { timeout: 10_000 }, () => {
  it('text without a voice is spoken in the flow\'s voice; a node\'s own voice wins', async () => {
    const run = startFlow({
      start: 'a',
      voice: 'de',
      nodes: {
        a: { verb: 'say', text: 'Willkommen', next: 'b' },
        b: { verb: 'say', text: 'Welcome', voice: 'en-gb', next: 'm' },
        m: { verb: 'menu', prompt: 'Drücken Sie 1', options: { 1: 'hook' }, retries: 0, on_failure: 'hook' },
        hook: { verb: 'webhook', url: 'https://crm.example.com/ivr', on_failure: 'q' },
        q: { verb: 'queue', queue: 'sales' },
      },
    }, { promptMs: 100, webhooks: async () => ({ ok: true, status: 200, json: [{ verb: 'say', text: 'Vom System' }, { verb: 'queue', queue: 'sales' }] }) });
    await run.clock.advance(300);
    run.media.press('1');
    await run.clock.advance(200);
    await finish(run);
    assert.deepEqual(run.media.played.map((p) => p.source), [
      { text: 'Willkommen', voice: 'de' }, { text: 'Welcome', voice: 'en-gb' }, { text: 'Drücken Sie 1', voice: 'de' }, { text: 'Vom System', voice: 'de' },
    ]);
  });

  it('without a flow voice, text carries none (the center\'s default)', async () => {
    const run = startFlow({ start: 'a', nodes: { a: { verb: 'say', text: 'Hello' } } }, { promptMs: 100 });
    await run.clock.advance(100);
    await finish(run);
    assert.deepEqual(run.media.played.map((p) => p.source), [{ text: 'Hello' }]);
  });

  it('the voice is a voice name', () => {
    const checked = validateIvrFlow({ start: 'a', voice: 'de; rm -rf', nodes: { a: { verb: 'hangup' } } });
    assert.deepEqual(checked.ok ? [] : checked.errors, [{ path: 'voice', message: 'must be a voice name (letters, digits, _ + -)' }]);
  });
});

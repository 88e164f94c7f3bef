// branch on the fakes: each comparison jumps to on_true or on_false, with {{variables}} in the
// value, unset variables as empty and numbers compared as numbers; the schema refuses a value
// where the operation takes none, or a non-number for above/below.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateIvrFlow } from '../../../../server/ivr/index.js';
import { finish, startFlow } from '../harness.js';

const flow = (branch: Record<string, unknown>) => ({
  start: 'b',
  nodes: {
    b: { verb: 'branch', variable: 'x', on_true: 'yes', on_false: 'no', ...branch },
    yes: { verb: 'hangup', reason: 'true' },
    no: { verb: 'hangup', reason: 'false' },
  },
});

async function taken(branch: Record<string, unknown>, variables: Record<string, string>): Promise<string> {
  const result = await finish(startFlow(flow(branch), { variables }));
  assert.equal(result.path[0]?.result, result.outcome.kind === 'hangup' ? result.outcome.reason : 'none');
  return result.outcome.kind === 'hangup' ? result.outcome.reason : result.outcome.kind;
}

describe('branch verb', { timeout: 10_000 }, () => {
  const cases: [Record<string, unknown>, Record<string, string>, string][] = [
    [{ op: 'equals', value: 'gold' }, { x: 'gold' }, 'true'],
    [{ op: 'equals', value: 'gold' }, { x: 'Gold' }, 'false'],
    [{ op: 'not-equals', value: 'gold' }, { x: 'silver' }, 'true'],
    [{ op: 'equals', value: '{{y}}' }, { x: '42', y: '42' }, 'true'],
    [{ op: 'above', value: '100' }, { x: '250.5' }, 'true'],
    [{ op: 'above', value: '100' }, { x: '99' }, 'false'],
    [{ op: 'above', value: '100' }, { x: 'lots' }, 'false'],
    [{ op: 'below', value: '{{limit}}' }, { x: '3', limit: '10' }, 'true'],
    [{ op: 'below', value: '10' }, { x: '-3' }, 'true'],
    [{ op: 'empty' }, {}, 'true'],
    [{ op: 'empty' }, { x: '0' }, 'false'],
    [{ op: 'not-empty' }, { x: '0' }, 'true'],
  ];
  for (const [branch, variables, expected] of cases) {
    it(`${String(branch.op)} ${String(branch.value ?? '')} with ${JSON.stringify(variables)} → ${expected}`, async () => {
      assert.equal(await taken(branch, variables), expected);
    });
  }

  const errors = (branch: Record<string, unknown>) => {
    const checked = validateIvrFlow(flow(branch));
    return checked.ok ? [] : checked.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('the schema: value as the operation needs it, jumps naming nodes', () => {
    assert.deepEqual(errors({ op: 'equals' }), ['nodes.b.value: is required by equals']);
    assert.deepEqual(errors({ op: 'empty', value: '' }), ['nodes.b.value: is not taken by empty']);
    assert.deepEqual(errors({ op: 'above', value: 'ten' }), ['nodes.b.value: must be a number for above']);
    assert.deepEqual(errors({ op: 'above', value: '{{limit}}' }), []);
    assert.deepEqual(errors({ op: 'like', value: 'a' }), ['nodes.b.op: must be one of: equals, not-equals, above, below, empty, not-empty']);
    assert.deepEqual(errors({ op: 'equals', value: 'a', on_true: 'ghost' }), ['nodes.b.on_true: must name a node (no node ghost)']);
  });

  it('a webhook answer may branch too: the reply jumps by the flow\'s nodes', async () => {
    const result = await finish(startFlow({
      start: 'hook',
      nodes: {
        hook: { verb: 'webhook', url: 'https://crm.example.com/ivr', on_failure: 'no' },
        yes: { verb: 'hangup', reason: 'true' },
        no: { verb: 'hangup', reason: 'false' },
      },
    }, { webhooks: async () => ({ ok: true, status: 200, json: [{ verb: 'set', variables: { tier: 'gold' } }, { verb: 'branch', variable: 'tier', op: 'equals', value: 'gold', on_true: 'yes', on_false: 'no' }] }) }));
    assert.deepEqual(result.outcome, { kind: 'hangup', reason: 'true' });
  });
});

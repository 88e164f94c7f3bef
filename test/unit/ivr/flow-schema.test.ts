// Flow validation: good flows compile; each kind of error comes back with the path of the
// field and a message; several errors are reported at once; the JSON Schema comes from the
// same verb definitions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkIvrFlow, ivrFlowJsonSchema, validateIvrFlow } from '../../../server/ivr/index.js';

const uuid = '0b7c6a5e-4f1d-4c1a-9f53-2d7e8a9b1c2d';

const full = {
  start: 'hours',
  nodes: {
    hours: { verb: 'hours', schedule_id: uuid, on_open: 'welcome', on_closed: 'closed' },
    welcome: { verb: 'say', text: 'Welcome to {{company}}', voice: 'en-us', next: 'tag' },
    tag: { verb: 'set', variables: { language: 'en' }, next: 'main' },
    main: {
      verb: 'menu', prompt: { prompt_id: uuid }, options: { 1: 'sales', 2: 'account', '#': 'main' },
      timeout_seconds: 4, retries: 1, barge_in: true, no_input_prompt: 'Please choose', invalid_prompt: { file: '/var/lib/prompts/invalid.wav' },
      on_timeout: 'bye', on_invalid: 'bye', on_failure: 'bye',
    },
    account: { verb: 'gather', prompt: 'Enter your account number', variable: 'account', max_digits: 8, min_digits: 4, terminator: '#', inter_digit_timeout_seconds: 2, next: 'support' },
    sales: { verb: 'queue', queue: 'sales', priority: 5 },
    support: { verb: 'queue', queue: '6a1f0e3c-1111-4b2b-8c3c-0d4e5f6a7b8c' },
    closed: { verb: 'play', file: '/var/lib/prompts/closed.wav', next: 'bye' },
    again: { verb: 'goto', target: 'main' },
    bye: { verb: 'hangup', reason: 'done' },
  },
};

function errorsOf(json: unknown): { path: string; message: string }[] {
  const result = validateIvrFlow(json);
  assert.equal(result.ok, false, 'expected the flow to be rejected');
  return result.ok ? [] : result.errors;
}

/** One node added to a minimal valid flow. */
const withNode = (node: Record<string, unknown>) => ({ start: 'n', nodes: { n: node, bye: { verb: 'hangup' } } });

function assertError(json: unknown, path: string, message: RegExp): void {
  const errors = errorsOf(json);
  assert.ok(errors.some((e) => e.path === path && message.test(e.message)), `no error ${path} ~ ${message}; got ${JSON.stringify(errors)}`);
}

describe('IVR flow validation', () => {
  it('accepts a flow using every verb, and compiles each node', () => {
    const result = validateIvrFlow(full);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    assert.equal(result.flow.start, 'hours');
    assert.deepEqual([...result.flow.nodes.values()].map((n) => n.verb), ['hours', 'say', 'set', 'menu', 'gather', 'queue', 'queue', 'play', 'goto', 'hangup']);
  });

  it('accepts the API\'s example flow (string prompt, on_timeout)', () => {
    const flow = {
      start: 'welcome',
      nodes: {
        welcome: { verb: 'say', text: 'Welcome', next: 'menu' },
        menu: { verb: 'menu', prompt: 'Press 1 for sales', options: { 1: 'sales' }, on_timeout: 'bye' },
        sales: { verb: 'queue', queue: 'sales' },
        bye: { verb: 'hangup' },
      },
    };
    assert.deepEqual(checkIvrFlow(flow), []);
  });

  it('rejects a bad outline with the path of the field', () => {
    assertError({ nodes: {} }, 'start', /required/);
    assertError({ start: 'a', nodes: [] }, 'nodes', /must be an object/);
    assertError({ start: 'a', nodes: { a: { verb: 'hangup' } }, extra: 1 }, 'extra', /not a known field/);
    assertError({ start: 'b', nodes: { a: { verb: 'hangup' } } }, 'start', /must name a node/);
    assertError({ start: 'a', nodes: { 'a b': { verb: 'hangup' } } }, 'nodes.a b', /letters, digits/);
    assertError({ start: 'a', nodes: { a: 'hangup' } }, 'nodes.a', /must be an object/);
    assertError('not a flow', '', /must be an object/);
  });

  it('names unknown verbs, and says which planned verbs are not available yet', () => {
    assertError(withNode({ verb: 'dance' }), 'nodes.n.verb', /one of: say, play, menu/);
    assertError(withNode({ verb: 'dial', to: '+15550100' }), 'nodes.n.verb', /dial is not available yet/);
    assertError(withNode({}), 'nodes.n.verb', /required/);
  });

  it('checks each verb\'s fields: required, unknown, types and ranges', () => {
    assertError(withNode({ verb: 'queue' }), 'nodes.n.queue', /is required/);
    assertError(withNode({ verb: 'say', text: 'hi', colour: 'red' }), 'nodes.n.colour', /not a known field/);
    assertError(withNode({ verb: 'say', text: '' }), 'nodes.n.text', /must not be empty/);
    assertError(withNode({ verb: 'queue', queue: 'q', priority: 101 }), 'nodes.n.priority', /100 or less/);
    assertError(withNode({ verb: 'menu', prompt: 'x', options: { 1: 'bye' }, retries: 1.5 }), 'nodes.n.retries', /integer/);
    assertError(withNode({ verb: 'menu', prompt: 'x', options: { 1: 'bye' }, timeout_seconds: 0 }), 'nodes.n.timeout_seconds', /0.5 or more/);
    assertError(withNode({ verb: 'menu', prompt: 'x', options: {} }), 'nodes.n.options', /at least one option/);
    assertError(withNode({ verb: 'menu', prompt: 'x', options: { 12: 'bye' } }), 'nodes.n.options.12', /one digit/);
    assertError(withNode({ verb: 'gather', variable: 'x', max_digits: 4, min_digits: 5, next: 'bye' }), 'nodes.n.min_digits', /must not exceed max_digits/);
    assertError(withNode({ verb: 'gather', variable: '9lives', max_digits: 4, next: 'bye' }), 'nodes.n.variable', /must be a name/);
    assertError(withNode({ verb: 'hours', schedule_id: 'weekdays', on_open: 'bye', on_closed: 'bye' }), 'nodes.n.schedule_id', /UUID/);
    assertError(withNode({ verb: 'set', variables: { ok: 1 } }), 'nodes.n.variables.ok', /must be a string/);
  });

  it('checks prompts: exactly one source, voice only with text, safe file paths', () => {
    assertError(withNode({ verb: 'menu', prompt: { text: 'a', file: '/p/a.wav' }, options: { 1: 'bye' } }), 'nodes.n.prompt', /exactly one of text, prompt_id, file/);
    assertError(withNode({ verb: 'menu', prompt: { file: '/p/a.wav', voice: 'en' }, options: { 1: 'bye' } }), 'nodes.n.prompt.voice', /only goes with text/);
    assertError(withNode({ verb: 'menu', prompt: 42, options: { 1: 'bye' } }), 'nodes.n.prompt', /must be an object/);
    assertError(withNode({ verb: 'play', file: '/p/../../etc/passwd.wav' }), 'nodes.n.file', /without \.\./);
    assertError(withNode({ verb: 'play', file: 'relative.wav' }), 'nodes.n.file', /absolute path/);
    assertError(withNode({ verb: 'play' }), 'nodes.n', /exactly one of prompt_id, file/);
  });

  it('checks that every jump names a node', () => {
    assertError(withNode({ verb: 'say', text: 'hi', next: 'nowhere' }), 'nodes.n.next', /must name a node/);
    assertError(withNode({ verb: 'menu', prompt: 'x', options: { 1: 'bye', 2: 'gone' } }), 'nodes.n.options.2', /must name a node/);
    assertError(withNode({ verb: 'menu', prompt: 'x', options: { 1: 'bye' }, on_failure: 'gone' }), 'nodes.n.on_failure', /must name a node/);
    assertError(withNode({ verb: 'goto', target: 'gone' }), 'nodes.n.target', /must name a node/);
    assertError(withNode({ verb: 'hours', schedule_id: uuid, on_open: 'bye', on_closed: 'gone' }), 'nodes.n.on_closed', /must name a node/);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf({ start: 'x', nodes: { a: { verb: 'queue' }, b: { verb: 'say', text: 'hi', next: 'gone' }, c: { verb: 'dance' } } });
    assert.deepEqual(errors.map((e) => e.path).sort(), ['nodes.a.queue', 'nodes.b.next', 'nodes.c.verb', 'start']);
  });

  it('emits a JSON Schema with one alternative per verb', () => {
    const schema = ivrFlowJsonSchema() as { properties: { nodes: { additionalProperties: { oneOf: { properties: { verb: { enum: string[] } }; required?: string[] }[] } } } };
    const alternatives = schema.properties.nodes.additionalProperties.oneOf;
    assert.deepEqual(alternatives.map((a) => a.properties.verb.enum[0]), ['say', 'play', 'menu', 'gather', 'goto', 'queue', 'hours', 'hangup', 'set', 'branch', 'webhook']);
    const menu = alternatives.find((a) => a.properties.verb.enum[0] === 'menu');
    assert.deepEqual(menu?.required?.sort(), ['options', 'verb']);
    assert.doesNotThrow(() => JSON.stringify(schema));
  });
});

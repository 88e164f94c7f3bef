// checkIvrFlow plugged into the real API (as the main app passes it in): a flow the API's own
// outline accepts but whose verb fields are wrong is refused with 400 and field paths under
// body.definition; a correct flow is stored; the stored definition compiles; the OpenAPI
// document describes every verb's fields (ivrFlowJsonSchema plugged in the same way).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../../../server/api/create-api-app.js';
import { createLogger } from '../../../server/api/logger.js';
import { createRepositories } from '../../../server/db/repositories.js';
import { ensureAdmin } from '../../../server/db/ensure-admin.js';
import { checkIvrFlow, ivrFlowJsonSchema, validateIvrFlow } from '../../../server/ivr/index.js';
import { createTestDatabase } from '../../db/test-databases.js';

let server: Server | undefined;
let drop: (() => Promise<void>) | undefined;
let base = '';
let token = '';
before(async () => {
  const database = await createTestDatabase('postgres');
  drop = database.drop;
  const app = createApiApp({ db: database.db, logger: createLogger({ level: 'silent' }), checkIvrFlow, ivrFlowJsonSchema });
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  await ensureAdmin(database.db, { password: 'ivr-test-password' });
  const repos = createRepositories(database.db, { sipRealm: 'switchboard' });
  const admin = await repos.users.authenticate('admin', 'ivr-test-password');
  assert.ok(admin);
  token = (await repos.tokens.issue(admin.id, 'ivr tests', null)).token;
});
after(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await drop?.();
});

async function postFlow(name: string, definition: unknown): Promise<{ status: number; body: { details?: { path: string; message: string }[]; id?: string } }> {
  const res = await fetch(`${base}/ivr-flows`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name, definition }),
  });
  return { status: res.status, body: (await res.json()) as { details?: { path: string; message: string }[]; id?: string } };
}

const flow = {
  start: 'main',
  nodes: {
    main: { verb: 'menu', prompt: 'Press 1 for sales', options: { 1: 'sales' }, timeout_seconds: 5, on_failure: 'bye' },
    sales: { verb: 'queue', queue: 'sales' },
    bye: { verb: 'hangup' },
  },
};

test('the API refuses a flow with bad verb fields, with paths under body.definition', async () => {
  const bad = { ...flow, nodes: { ...flow.nodes, main: { ...flow.nodes.main, timeout_seconds: 'soon', colour: 'red' }, sales: { verb: 'queue' } } };
  const reply = await postFlow('bad', bad);
  assert.equal(reply.status, 400);
  assert.deepEqual(reply.body.details?.map((d) => d.path).sort(), ['body.definition.nodes.main.colour', 'body.definition.nodes.main.timeout_seconds', 'body.definition.nodes.sales.queue']);
});

test('the API stores a good flow, and what it stored compiles', async () => {
  const reply = await postFlow('good', flow);
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  const stored = await fetch(`${base}/ivr-flows/${reply.body.id}/versions/1`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(validateIvrFlow(await stored.json()).ok, true);
});

test('the OpenAPI document describes the fields of every verb of a flow', async () => {
  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, JsonSchemaDoc> } }> } }>> };
  const definition = doc.paths['/api/ivr-flows']?.post?.requestBody?.content['application/json']?.schema.properties.definition;
  const verbs = definition?.properties?.nodes?.additionalProperties?.oneOf ?? [];
  const menu = verbs.find((v) => v.properties?.verb?.const === 'menu' || v.properties?.verb?.enum?.includes('menu'));
  assert.ok(menu, `the menu verb is documented (${verbs.length} verbs)`);
  for (const field of ['prompt', 'options', 'timeout_seconds', 'on_failure']) assert.ok(menu.properties?.[field], `menu.${field} documented`);
  assert.ok(verbs.length >= 9, 'every verb');
  const version = doc.paths['/api/ivr-flows/{id}/versions/{version}']?.get;
  assert.ok(JSON.stringify(version).includes('timeout_seconds'), 'a version\'s reply is documented the same way');
});

interface JsonSchemaDoc {
  properties?: Record<string, JsonSchemaDoc>;
  additionalProperties?: JsonSchemaDoc;
  oneOf?: JsonSchemaDoc[];
  const?: unknown;
  enum?: unknown[];
}

// Deleting something still in use answers 409 naming every referrer: a queue used by an IVR
// flow's queue node (by id or by name), a number and another queue's overflow; a schedule
// used by an hours node; a prompt used by a menu's prompt, a play node and a queue's music
// and announcement; an IVR flow a number routes to; an agent who is a queue member or a
// number's destination (by id or extension); a trunk a number names. Once the referrers
// are changed the delete goes through (204).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { checkIvrFlow } from '../../../server/ivr/index.js';
import { describeEachApi, type ApiBody } from '../api-harness.js';

const idOf = (b: ApiBody): string => b.id ?? assert.fail(`no id in ${JSON.stringify(b)}`);

describeEachApi('deleting a referenced row', (get) => {
  it('a queue used by an IVR flow, a number and an overflow: 409 naming them all, then 204', { timeout: 30000 }, async () => {
    const { request } = get();
    const sales = idOf((await request('POST', '/queues', { body: { name: 'sales', strategy: 'ring-all' } })).body);
    const main = (await request('POST', '/ivr-flows', { body: { name: 'main', definition: { start: 'menu1', nodes: {
      menu1: { verb: 'menu', prompt: 'Press 1 for sales', options: { 1: 'q1', 2: 'q2' } },
      q1: { verb: 'queue', queue: sales },
      q2: { verb: 'queue', queue: 'sales' },
    } } } })).body;
    assert.ok(main.id, JSON.stringify(main));
    const number = idOf((await request('POST', '/numbers', { body: { e164: '+15550100', destination: { type: 'queue', id: sales } } })).body);
    const backup = idOf((await request('POST', '/queues', { body: { name: 'backup', strategy: 'ring-all', overflow_destination: { type: 'queue', id: sales } } })).body);

    const refused = await request('DELETE', `/queues/${sales}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error, 'queue "sales" is used by IVR flow "main" (nodes q1, q2), number +15550100 and queue "backup" (overflow destination); change or delete those first');
    assert.deepEqual(refused.body.details?.map((d) => d.path), [`/ivr-flows/${main.id}`, `/numbers/${number}`, `/queues/${backup}`]);
    assert.equal((await request('GET', `/queues/${sales}`)).status, 200, 'the queue is still there');

    await request('PATCH', `/ivr-flows/${main.id}`, { body: { definition: { start: 'bye', nodes: { bye: { verb: 'hangup' } } } } });
    await request('PATCH', `/numbers/${number}`, { body: { destination: { type: 'hangup' } } });
    assert.match((await request('DELETE', `/queues/${sales}`)).body.error ?? '', /^queue "sales" is used by queue "backup" \(overflow destination\);/, 'only the current flow version counts');
    await request('PATCH', `/queues/${backup}`, { body: { overflow_destination: null } });
    assert.equal((await request('DELETE', `/queues/${sales}`)).status, 204);
  });

  it('a schedule used by an hours node, a prompt used by a flow and a queue: 409, then 204', { timeout: 30000 }, async () => {
    const { request } = get();
    const hours = idOf((await request('POST', '/schedules', { body: { name: 'office', time_zone: 'Europe/Berlin' } })).body);
    const welcome = idOf((await request('POST', '/prompts', { body: { name: 'welcome', kind: 'text', text: 'Welcome' } })).body);
    const flow = idOf((await request('POST', '/ivr-flows', { body: { name: 'front', definition: { start: 'open', nodes: {
      open: { verb: 'hours', schedule_id: hours, on_open: 'hello', on_closed: 'menu' },
      hello: { verb: 'play', prompt_id: welcome, next: 'bye' },
      menu: { verb: 'menu', prompt: { prompt_id: welcome }, options: { 1: 'bye' } },
      bye: { verb: 'hangup' },
    } } } })).body);
    const q = idOf((await request('POST', '/queues', { body: { name: 'music', strategy: 'ring-all', music_prompt_id: welcome, announcement_prompt_id: welcome } })).body);

    const schedule = await request('DELETE', `/schedules/${hours}`);
    assert.equal(schedule.status, 409);
    assert.equal(schedule.body.error, 'schedule "office" is used by IVR flow "front" (node open); change or delete those first');
    const prompt = await request('DELETE', `/prompts/${welcome}`);
    assert.equal(prompt.status, 409);
    assert.equal(prompt.body.error, 'prompt "welcome" is used by IVR flow "front" (nodes hello, menu) and queue "music" (music, announcement); change or delete those first');

    await request('PATCH', `/ivr-flows/${flow}`, { body: { definition: { start: 'bye', nodes: { bye: { verb: 'hangup' } } } } });
    await request('PATCH', `/queues/${q}`, { body: { music_prompt_id: null, announcement_prompt_id: null } });
    assert.equal((await request('DELETE', `/schedules/${hours}`)).status, 204);
    assert.equal((await request('DELETE', `/prompts/${welcome}`)).status, 204);
  });

  it('an IVR flow a number routes to, an agent in a queue or dialled by extension, a trunk a number names: 409, then 204', { timeout: 30000 }, async () => {
    const { request } = get();
    const flow = idOf((await request('POST', '/ivr-flows', { body: { name: 'night', definition: { start: 'bye', nodes: { bye: { verb: 'hangup' } } } } })).body);
    const trunk = idOf((await request('POST', '/trunks', { body: { name: 'carrier', auth_type: 'ip', allowed_cidrs: ['192.0.2.0/24'] } })).body);
    const night = idOf((await request('POST', '/numbers', { body: { e164: '+15550111', trunk_id: trunk, destination: { type: 'ivr', id: flow } } })).body);
    const agent = idOf((await request('POST', '/agents', { body: { name: 'Ann', extension: '3100', sip_username: 'ann', sip_password: 'ann-sip-password' } })).body);
    const direct = idOf((await request('POST', '/numbers', { body: { e164: '+15550112', destination: { type: 'extension', extension: '3100' } } })).body);
    const q = idOf((await request('POST', '/queues', { body: { name: 'team', strategy: 'ring-all' } })).body);
    assert.equal((await request('POST', `/queues/${q}/members`, { body: { agent_id: agent } })).status, 201);

    assert.equal((await request('DELETE', `/ivr-flows/${flow}`)).body.error, 'IVR flow "night" is used by number +15550111; change or delete those first');
    assert.equal((await request('DELETE', `/trunks/${trunk}`)).body.error, 'trunk "carrier" is used by number +15550111 (its trunk); change or delete those first');
    const busyAgent = await request('DELETE', `/agents/${agent}`);
    assert.equal(busyAgent.status, 409);
    assert.equal(busyAgent.body.error, 'agent "Ann" is used by number +15550112 and queue "team" (member); change or delete those first');

    await request('PATCH', `/numbers/${night}`, { body: { trunk_id: null, destination: { type: 'hangup' } } });
    await request('DELETE', `/numbers/${direct}`);
    await request('DELETE', `/queues/${q}/members/${agent}`);
    assert.equal((await request('DELETE', `/ivr-flows/${flow}`)).status, 204);
    assert.equal((await request('DELETE', `/trunks/${trunk}`)).status, 204);
    assert.equal((await request('DELETE', `/agents/${agent}`)).status, 204);
  });

  it('a queue that only overflows to itself can be deleted', { timeout: 30000 }, async () => {
    const { request } = get();
    const q = idOf((await request('POST', '/queues', { body: { name: 'loop', strategy: 'ring-all' } })).body);
    await request('PATCH', `/queues/${q}`, { body: { overflow_destination: { type: 'queue', id: q } } });
    assert.equal((await request('DELETE', `/queues/${q}`)).status, 204);
  });
}, { checkIvrFlow });

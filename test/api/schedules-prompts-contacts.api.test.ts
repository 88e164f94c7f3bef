// Schedules, prompts (with a WAV upload) and contacts.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachApi } from './api-harness.js';
import { crudContract } from './crud-contract.js';

function wav(): Buffer {
  const data = Buffer.alloc(800);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describeEachApi('schedules, prompts and contacts API', (get) => {
  crudContract(get, {
    path: '/schedules',
    create: (n) => ({ name: `office-${n}`, time_zone: 'Europe/Berlin', weekly_hours: [{ day: 1, open: '09:00', close: '17:00' }], holidays: [{ date: '2026-12-25', name: 'Christmas' }] }),
    patch: { time_zone: 'America/New_York', weekly_hours: [{ day: 5, open: '08:30', close: '12:00' }] },
    invalid: [
      { body: { name: 's', time_zone: 'Mars/Olympus' }, field: 'time_zone', message: /IANA/ },
      { body: { name: 's', time_zone: 'UTC', weekly_hours: [{ day: 7, open: '09:00', close: '10:00' }] }, field: 'weekly_hours.0.day' },
      { body: { name: 's', time_zone: 'UTC', weekly_hours: [{ day: 1, open: '18:00', close: '10:00' }] }, field: 'weekly_hours.0.close', message: /after open/ },
      { body: { name: 's', time_zone: 'UTC', holidays: [{ date: '2026-13-01', name: 'x' }] }, field: 'holidays.0.date' },
    ],
    deniedRole: 'supervisor',
  });

  crudContract(get, {
    path: '/prompts',
    create: (n) => ({ name: `greeting-${n}`, kind: 'text', text: 'Hello and welcome', voice: 'en-us' }),
    patch: { text: 'Goodbye' },
    invalid: [
      { body: { name: 'p', kind: 'text' }, field: 'text', message: /required for a text prompt/ },
      { body: { name: 'p', kind: 'video' }, field: 'kind' },
    ],
    deniedRole: 'agent',
  });

  crudContract(get, {
    path: '/contacts',
    create: (n) => ({ phone_number: `+3120555000${n}`, name: `Contact ${n}`, company: 'ACME' }),
    patch: { notes: 'prefers email' },
    invalid: [
      { body: { phone_number: 'call me', name: 'x' }, field: 'phone_number', message: /digits/ },
      { body: { phone_number: '+1555' }, field: 'name', message: /required/ },
    ],
    deniedRole: 'agent',
    deniedAction: 'delete',
  });

  it('a schedule\'s status: open at an instant, when that changes, the local time; roles and a bad instant', async () => {
    const { request, userWithRole } = get();
    const office = await request('POST', '/schedules', { body: { name: 'status-office', time_zone: 'Europe/Berlin', weekly_hours: [{ day: 1, open: '09:00', close: '17:00' }], holidays: [] } });
    const path = `/schedules/${office.body.id}/status`;
    const monday = await request('GET', `${path}?at=2026-11-23T10:00:00Z`);
    assert.equal(monday.status, 200, monday.text);
    assert.deepEqual(monday.body, {
      open: true, at: '2026-11-23T10:00:00.000Z', changes_at: '2026-11-23T16:00:00.000Z',
      local: { date: '2026-11-23', time: '11:00', day: 1 }, time_zone: 'Europe/Berlin',
    });
    const sunday = await request('GET', `${path}?at=2026-11-22T10:00:00Z`);
    assert.deepEqual([sunday.body.open, sunday.body.changes_at], [false, '2026-11-23T08:00:00.000Z']);
    const now = await request('GET', path);
    assert.equal(typeof now.body.open, 'boolean', 'now by default');
    const bad = await request('GET', `${path}?at=someday`);
    assert.equal(bad.body.details?.[0]?.path, 'query.at');
    assert.equal((await request('GET', '/schedules/7d6f5a9e-1111-4222-8333-444455556666/status')).status, 404);
    const agent = await userWithRole('agent', 'status-agent');
    assert.equal((await request('GET', path, { token: agent.token })).status, 403);
  });

  it('uploads and downloads a prompt\'s WAV file; refuses what is not WAV', async () => {
    const { request } = get();
    const prompt = await request('POST', '/prompts', { body: { name: 'hold-music', kind: 'audio' } });
    const path = `/prompts/${prompt.body.id}/audio`;
    const notWav = await request('PUT', path, { rawBody: Buffer.from('not audio at all, really not audio at all, not audio'), contentType: 'audio/wav' });
    assert.equal(notWav.status, 400);
    assert.equal((await request('PUT', path, { rawBody: wav(), contentType: 'text/plain' })).status, 415);
    const uploaded = await request('PUT', path, { rawBody: wav(), contentType: 'audio/wav' });
    assert.equal(uploaded.status, 200, uploaded.text);
    assert.equal(uploaded.body.audio_file, `${prompt.body.id}.wav`);
    const download = await request('GET', path);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'audio/wav');
    assert.equal(Number(download.headers.get('content-length')), wav().length);
  });

  it('lets agents create and annotate contacts but not delete them; looks up by number', async () => {
    const { request, userWithRole } = get();
    const agent = await userWithRole('agent', 'contact-agent');
    const created = await request('POST', '/contacts', { token: agent.token, body: { phone_number: '+4989123456', name: 'Max' } });
    assert.equal(created.status, 201);
    assert.equal((await request('PATCH', `/contacts/${created.body.id}`, { token: agent.token, body: { notes: 'VIP' } })).body.notes, 'VIP');
    assert.equal((await request('DELETE', `/contacts/${created.body.id}`, { token: agent.token })).status, 403);
    const found = await request('GET', '/contacts/lookup?phone_number=%2B4989123456', { token: agent.token });
    assert.equal(found.body.id, created.body.id);
    assert.equal((await request('GET', '/contacts/lookup?phone_number=%2B4989000000')).status, 404);
    const dup = await request('POST', '/contacts', { body: { phone_number: '+4989123456', name: 'Other' } });
    assert.equal(dup.status, 409);
  });
});

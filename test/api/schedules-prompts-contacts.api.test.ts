// Schedules (with the open-now status), prompts (WAV and MP3 uploads, spoken text, voices
// checked against espeak-ng's) and contacts.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeEachApi } from './api-harness.js';
import { silentWav } from './wav-fixture.js';
import { crudContract } from './crud-contract.js';

const wav = () => silentWav();

/** A sine tone rendered by sox in `format`. */
async function soxSine(format: 'mp3' | 'wav', rate: number, channels: number, seconds: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'prompt-'));
  try {
    const file = join(dir, `tone.${format}`);
    await promisify(execFile)('sox', ['-n', '-r', String(rate), '-c', String(channels), file, 'synth', String(seconds), 'sine', '440']);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Rate, channels, bits and length of a PCM WAV (the fmt chunk right after the header, as sox writes it). */
function wavFormat(b: Buffer): { rate: number; channels: number; bits: number; seconds: number } {
  assert.equal(b.toString('latin1', 0, 4), 'RIFF');
  const channels = b.readUInt16LE(22);
  const rate = b.readUInt32LE(24);
  const bits = b.readUInt16LE(34);
  let at = 12;
  while (at + 8 <= b.length && b.toString('latin1', at, at + 4) !== 'data') at += 8 + b.readUInt32LE(at + 4);
  const bytes = Math.min(b.readUInt32LE(at + 4), b.length - at - 8);
  return { rate, channels, bits, seconds: bytes / (rate * channels * (bits / 8)) };
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

  it('uploads a prompt as WAV or MP3, stored as 8 kHz mono WAV; refuses what is not audio', async () => {
    const { request } = get();
    const prompt = await request('POST', '/prompts', { body: { name: 'hold-music', kind: 'audio' } });
    const path = `/prompts/${prompt.body.id}/audio`;
    const notWav = await request('PUT', path, { rawBody: Buffer.from('not audio at all, really not audio at all, not audio'), contentType: 'audio/wav' });
    assert.deepEqual(notWav.body.details, [{ path: 'body', message: 'is not a WAV file' }]);
    assert.equal((await request('PUT', path, { rawBody: wav(), contentType: 'text/plain' })).status, 415);
    const broken = Buffer.concat([wav().subarray(0, 20), Buffer.alloc(200, 7)]);
    const unreadable = await request('PUT', path, { rawBody: broken, contentType: 'audio/wav' });
    assert.equal(unreadable.status, 400, unreadable.text);
    assert.match(unreadable.body.details?.[0]?.message ?? '', /^not a WAV file sox can read/);
    const uploaded = await request('PUT', path, { rawBody: wav(), contentType: 'audio/wav' });
    assert.equal(uploaded.status, 200, uploaded.text);
    assert.equal(uploaded.body.audio_file, `${prompt.body.id}.wav`);
    const download = await request('GET', path);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'audio/wav');
    assert.deepEqual(wavFormat(download.bytes), { rate: 8000, channels: 1, bits: 16, seconds: 0.05 });

    // An MP3 at 44.1 kHz stereo, as an admin's recording would be.
    const mp3 = await soxSine('mp3', 44100, 2, 1.5);
    assert.deepEqual((await request('PUT', path, { rawBody: mp3, contentType: 'audio/wav' })).body.details, [{ path: 'body', message: 'is not a WAV file' }], 'the type must match the file');
    const fromMp3 = await request('PUT', path, { rawBody: mp3, contentType: 'audio/mpeg' });
    assert.equal(fromMp3.status, 200, fromMp3.text);
    const converted = wavFormat((await request('GET', path)).bytes);
    assert.deepEqual({ ...converted, seconds: Math.round(converted.seconds * 10) / 10 }, { rate: 8000, channels: 1, bits: 16, seconds: 1.5 });
    assert.deepEqual((await request('PUT', path, { rawBody: Buffer.from('ID3 but nothing after it at all'), contentType: 'audio/mpeg' })).status, 400);
    const mediaFiles = await readdir(join(get().mediaDir, 'prompts'));
    assert.deepEqual(mediaFiles, [`${prompt.body.id}.wav`], 'no upload or temporary file is left behind');
  });

  it('speaks a text prompt and a text not saved yet; refuses an empty text and an unknown voice', async () => {
    const { request, userWithRole } = get();
    const text = await request('POST', '/prompts', { body: { name: 'welcome-text', kind: 'text', text: 'Welcome to the center', voice: 'en-us' } });
    const heard = await request('GET', `/prompts/${text.body.id}/audio`);
    assert.equal(heard.status, 200, heard.text);
    const spoken = wavFormat(heard.bytes);
    assert.equal(spoken.rate, 8000);
    assert.ok(spoken.seconds > 0.8, `about a second of speech (${spoken.seconds} s)`);
    const preview = await request('POST', '/prompts/preview', { body: { text: 'Press 1 for sales' } });
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.headers.get('content-type'), 'audio/wav');
    assert.equal((await request('POST', '/prompts/preview', { body: { text: '' } })).body.details?.[0]?.path, 'body.text');
    const unknownVoice = await request('POST', '/prompts/preview', { body: { text: 'hello', voice: 'no-such-voice' } });
    assert.match(unknownVoice.body.details?.[0]?.message ?? '', /has no voice no-such-voice/, unknownVoice.text);
    const savedUnknown = await request('POST', '/prompts', { body: { name: 'bad-voice', kind: 'text', text: 'hi', voice: 'xx+f3' } });
    assert.equal(savedUnknown.body.details?.[0]?.path, 'body.voice', 'a prompt with a voice espeak-ng lacks is refused');
    const voices = await request('GET', '/prompts/voices');
    assert.ok(voices.body.languages && (voices.body.languages as unknown as string[]).includes('en-us'), voices.text);
    assert.equal((await request('POST', '/prompts/preview', { body: { text: 'hello', voice: 'de+f3' } })).status, 200, 'a language with a variant');
    const supervisor = await userWithRole('supervisor', 'preview-supervisor');
    assert.equal((await request('POST', '/prompts/preview', { token: supervisor.token, body: { text: 'hello' } })).status, 200);
    const agent = await userWithRole('agent', 'preview-agent');
    assert.equal((await request('POST', '/prompts/preview', { token: agent.token, body: { text: 'hello' } })).status, 403);
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

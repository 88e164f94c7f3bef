// Issue 10, bodies read only after auth: an unauthenticated 20 MB prompt upload gets its 401
// at once, before the body is read — measured as the time to the answer and the bytes the
// client had pushed by then (loopback socket buffers take a few MB unread) — and the server
// closes the connection instead of draining the rest. Signed in, the same route takes a WAV;
// a JSON body over the 1 MB limit is 413, and an anonymous one is 401 before any reading.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { it } from 'node:test';
import { describeEachApi } from '../api-harness.js';

const MB = 1024 * 1024;

interface RawAnswer { status: number; ms: number; sentBytes: number; closedByServer: boolean }

/** Sends headers announcing `length` bytes, then pushes the body as fast as the socket takes it. */
function upload(port: number, path: string, length: number, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const started = process.hrtime.bigint();
    let sent = 0;
    let answer = '';
    let status = 0;
    let ms = 0;
    let sentAtAnswer = 0;
    const chunk = Buffer.alloc(64 * 1024, 1);
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('no answer within 10 s')); }, 10_000);
    const pump = (): void => {
      while (status === 0 && sent < length) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      socket.write(`PUT ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${length}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
      pump();
    });
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      if (status === 0) {
        const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
        if (m) { status = Number(m[1]); ms = Number(process.hrtime.bigint() - started) / 1e6; sentAtAnswer = sent; }
      }
    });
    const done = (closedByServer: boolean) => { clearTimeout(timer); resolve({ status, ms, sentBytes: sentAtAnswer, closedByServer }); };
    socket.on('end', () => done(true));
    socket.on('error', () => done(true));
  });
}

describeEachApi('request bodies are limited before auth', (get) => {
  it('an unauthenticated 20 MB upload is refused at once, before its body is read', { timeout: 30_000 }, async (t) => {
    const { request } = get();
    const prompt = await request('POST', '/prompts', { body: { name: 'welcome', kind: 'audio' } });
    assert.equal(prompt.status, 201, prompt.text);
    const apiPort = Number(new URL(get().baseUrl).port);
    const answer = await upload(apiPort, `/api/prompts/${prompt.body.id}/audio`, 20 * MB, { 'Content-Type': 'audio/wav' });
    t.diagnostic(`anonymous 20 MB upload: ${answer.status} after ${answer.ms.toFixed(1)} ms, ${(answer.sentBytes / MB).toFixed(1)} MB pushed by then, connection closed by the server: ${answer.closedByServer}`);
    assert.equal(answer.status, 401);
    assert.ok(answer.sentBytes < 20 * MB, 'answered before the upload could finish');
    assert.ok(answer.closedByServer, 'the server closed instead of draining 20 MB');
    const bad = await upload(apiPort, `/api/prompts/${prompt.body.id}/audio`, 20 * MB, { 'Content-Type': 'audio/wav', Authorization: 'Bearer sb_not-a-token' });
    assert.equal(bad.status, 401, 'a wrong token is refused the same way');
  });

  it('signed in, the upload route takes a WAV and JSON over 1 MB is 413', { timeout: 30_000 }, async () => {
    const { request } = get();
    const prompt = await request('POST', '/prompts', { body: { name: 'hold', kind: 'audio' } });
    const wav = Buffer.alloc(44 + 2 * MB);
    wav.write('RIFF', 0, 'latin1'); wav.writeUInt32LE(36 + 2 * MB, 4); wav.write('WAVEfmt ', 8, 'latin1');
    wav.writeUInt32LE(16, 16); wav.writeUInt16LE(1, 20); wav.writeUInt16LE(1, 22); wav.writeUInt32LE(8000, 24);
    wav.writeUInt32LE(16000, 28); wav.writeUInt16LE(2, 32); wav.writeUInt16LE(16, 34); wav.write('data', 36, 'latin1'); wav.writeUInt32LE(2 * MB, 40);
    const up = await request('PUT', `/prompts/${prompt.body.id}/audio`, { rawBody: wav, contentType: 'audio/wav' });
    assert.equal(up.status, 200, up.text);
    const big = await request('POST', '/contacts', { body: { name: 'x'.repeat(2 * MB) } });
    assert.equal(big.status, 413);
    const anonymous = await request('POST', '/contacts', { token: null, body: { name: 'x'.repeat(2 * MB) } });
    assert.equal(anonymous.status, 401);
  });
});

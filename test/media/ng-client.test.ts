// The ng client against a fake rtpengine: retries reuse the cookie, silence becomes
// NgTimeoutError, result=error becomes NgCommandError, junk becomes NgProtocolError, and
// binary blobs arrive byte for byte.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket, type RemoteInfo } from 'node:dgram';
import { decode, encode } from '../../media/bencode.js';
import { NgClient, NgCommandError, NgProtocolError, NgTimeoutError } from '../../media/ng-client.js';

let server: Socket;
let port: number;
let handler: (cookie: string, body: Record<string, unknown>, reply: (payload: Buffer) => void) => void = () => undefined;
const cookies: string[] = [];

before(async () => {
  server = createSocket('udp4');
  server.on('message', (msg: Buffer, from: RemoteInfo) => {
    const space = msg.indexOf(0x20);
    const cookie = msg.toString('latin1', 0, space);
    cookies.push(cookie);
    const body = decode(msg.subarray(space + 1)) as Record<string, unknown>;
    handler(cookie, body, (payload) => server.send(Buffer.concat([Buffer.from(`${cookie} `), payload]), from.port, from.address));
  });
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
  port = server.address().port;
});
after(() => server.close());

const client = (): NgClient => new NgClient({ host: '127.0.0.1', port, timeoutMs: 100, attempts: 3 });

test('a lost datagram is retried with the same cookie', async () => {
  cookies.length = 0;
  let seen = 0;
  handler = (_c, _b, reply) => {
    if (++seen >= 2) reply(encode({ result: 'pong' }));
  };
  const ng = client();
  assert.deepEqual(await ng.command('ping'), { result: 'pong' });
  assert.equal(cookies.length, 2);
  assert.equal(cookies[0], cookies[1]);
  ng.close();
});

test('silence is a typed timeout after every attempt', async () => {
  cookies.length = 0;
  handler = () => undefined;
  const ng = client();
  await assert.rejects(ng.command('offer', { 'call-id': 'x' }), NgTimeoutError);
  assert.equal(cookies.length, 3);
  ng.close();
});

test('result=error is an NgCommandError carrying the reason', async () => {
  handler = (_c, _b, reply) => reply(encode({ result: 'error', 'error-reason': 'Unknown call-id' }));
  const ng = client();
  await assert.rejects(ng.command('delete', { 'call-id': 'nope' }), (err: unknown) => err instanceof NgCommandError && err.reason === 'Unknown call-id');
  ng.close();
});

test('an undecodable reply is an NgProtocolError', async () => {
  handler = (_c, _b, reply) => reply(Buffer.from('d6:result'));
  const ng = client();
  await assert.rejects(ng.command('ping'), NgProtocolError);
  ng.close();
});

test('binary blobs are sent byte for byte; undefined params are left out', async () => {
  const blob = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
  let got: Record<string, unknown> = {};
  handler = (_c, body, reply) => {
    got = body;
    reply(encode({ result: 'ok', duration: 1000 }));
  };
  const ng = client();
  const reply = await ng.command('play media', { 'call-id': 'c', blob, 'repeat-times': undefined });
  assert.equal(reply.duration, 1000);
  assert.deepEqual(got.blob, blob);
  assert.ok(!('repeat-times' in got));
  ng.close();
});

test('concurrent commands are matched to their replies by cookie', async () => {
  handler = (_c, body, reply) => {
    const delay = Number(String(body['call-id'])) * 5;
    setTimeout(() => reply(encode({ result: 'ok', echo: body['call-id'] as Buffer })), delay);
  };
  const ng = client();
  const ids = ['9', '1', '5', '3', '7'];
  const replies = await Promise.all(ids.map((id) => ng.command('query', { 'call-id': id })));
  assert.deepEqual(replies.map((r) => r.echo), ids);
  ng.close();
});

// The webhook's HTTP client against a real HTTP server on loopback: each way an answer can be
// good or bad, the time limit, the size limit, and the address policy (loopback refused unless
// allowed, link-local never, checked on what a host name resolves to as well).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookClient, MAX_REPLY_BYTES, type HookRequest } from '../../../../server/ivr/webhook/webhook-client.js';
import { refusedAddress } from '../../../../server/ivr/webhook/webhook-address.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

describe('webhook client', { timeout: 20_000 }, () => {
  let server: Server;
  let base = '';
  let handler: Handler = (_req, res) => res.end('[]');
  let connections = 0;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => handler(req, res, body));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const allowed = webhookClient({ allowPrivateTargets: true });
  const strict = webhookClient({ allowPrivateTargets: false });
  const request = (path = '/hook', timeoutMs = 1000): HookRequest => ({ url: `${base}${path}`, body: '{"call_id":"c1"}', headers: { 'x-test': 'yes' }, timeoutMs });
  const signal = () => new AbortController().signal;

  it('posts the body as JSON with the given headers and parses a 2xx JSON answer', async () => {
    let seen: { method?: string; type?: string; test?: string; body?: string } = {};
    handler = (req, res, body) => {
      seen = { method: req.method, type: req.headers['content-type'], test: req.headers['x-test'] as string, body };
      res.writeHead(201, { 'content-type': 'application/json' }).end('[{"verb":"hangup"}]');
    };
    assert.deepEqual(await allowed(request(), signal()), { ok: true, status: 201, json: [{ verb: 'hangup' }] });
    assert.deepEqual(seen, { method: 'POST', type: 'application/json', test: 'yes', body: '{"call_id":"c1"}' });
  });

  it('a non-2xx status fails, and a redirect is not followed', async () => {
    handler = (_req, res) => res.writeHead(500).end('oops');
    assert.deepEqual(await allowed(request(), signal()), { ok: false, failure: 'status', problem: 'status 500' });
    let followed = false;
    handler = (req, res) => {
      if (req.url === '/elsewhere') followed = true;
      res.writeHead(302, { location: '/elsewhere' }).end();
    };
    assert.deepEqual(await allowed(request(), signal()), { ok: false, failure: 'status', problem: 'status 302' });
    assert.equal(followed, false);
  });

  it('an answer that is not JSON, or over the size limit (declared or streamed), fails', async () => {
    handler = (_req, res) => res.end('<html>');
    assert.deepEqual(await allowed(request(), signal()), { ok: false, failure: 'not-json', problem: 'reply is not JSON' });
    handler = (_req, res) => res.end(JSON.stringify(['x'.repeat(MAX_REPLY_BYTES)]));
    assert.deepEqual(await allowed(request(), signal()), { ok: false, failure: 'too-large', problem: `reply over ${MAX_REPLY_BYTES} bytes` });
    handler = (_req, res) => {
      res.writeHead(200); // chunked: no content-length to refuse it by
      const chunk = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 8; i++) res.write(chunk);
      res.end();
    };
    assert.deepEqual(await allowed(request(), signal()), { ok: false, failure: 'too-large', problem: `reply over ${MAX_REPLY_BYTES} bytes` });
  });

  it('a server that never answers fails at timeoutMs, within slack', async () => {
    handler = () => undefined;
    const started = Date.now();
    assert.deepEqual(await allowed(request('/hook', 300), signal()), { ok: false, failure: 'timeout', problem: 'no answer within 300 ms' });
    const took = Date.now() - started;
    assert.ok(took >= 290 && took < 1500, `timed out after ${took} ms`);
  });

  it('aborting (the caller hung up) ends the request at once', async () => {
    handler = () => undefined;
    const abort = new AbortController();
    const pending = allowed(request('/hook', 5000), abort.signal);
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    assert.deepEqual(await pending, { ok: false, failure: 'call-ended', problem: 'call ended' });
    assert.ok(Date.now() - started < 1000);
  });

  it('a refused connection fails as network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    assert.deepEqual(await allowed({ ...request(), url: `http://127.0.0.1:${port}/` }, signal()), { ok: false, failure: 'network', problem: 'ECONNREFUSED' });
  });

  it('without the private-targets setting, loopback is refused before connecting — by IP and by name (localhost)', async () => {
    handler = (_req, res) => res.end('[]');
    const before = connections;
    const byIp = await strict(request(), signal());
    assert.deepEqual(byIp, { ok: false, failure: 'refused', problem: '127.0.0.1 is a private or loopback address (allowed only with IVR_WEBHOOK_PRIVATE_TARGETS=allow)' });
    const byName = await strict({ ...request(), url: base.replace('127.0.0.1', 'localhost') }, signal());
    assert.equal(byName.ok ? 'ok' : byName.failure, 'refused');
    assert.equal(connections, before, 'no connection was made');
    assert.equal((await allowed({ ...request(), url: base.replace('127.0.0.1', 'localhost') }, signal())).ok, true, 'allowed, the name works');
  });

  it('link-local and metadata addresses are refused whatever the setting', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:169.254.169.254]/', 'http://[fd00:ec2::254]/', 'http://0.0.0.0:80/']) {
      const answer = await allowed({ ...request(), url }, signal());
      assert.equal(answer.ok ? 'ok' : answer.failure, 'refused', url);
    }
  });

  it('the address classes', () => {
    const open = { allowPrivateTargets: true };
    const closed = { allowPrivateTargets: false };
    for (const ip of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1', '::1', 'fd12::1', '127.0.0.2']) {
      assert.equal(refusedAddress(ip, open), undefined, ip);
      assert.match(refusedAddress(ip, closed) ?? '', /private or loopback/, ip);
    }
    for (const ip of ['169.254.0.1', 'fe80::1', '224.0.0.1', '255.255.255.255', '::']) assert.match(refusedAddress(ip, open) ?? '', /link-local, metadata or reserved/, ip);
    for (const ip of ['93.184.216.34', '2606:2800:220:1::1', '172.32.0.1']) assert.equal(refusedAddress(ip, closed), undefined, ip);
  });
});

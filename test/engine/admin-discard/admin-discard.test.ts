// A standalone engine (`npm run engine`) takes the discard control over its admin connection:
// an authenticated app sends `discard|<ip>|<seconds>|<reason>` or `undiscard|<ip>`; bad
// arguments get NOK with the reason; an unauthenticated one is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../helpers/ports.js';
import { RawSipPeer } from '../helpers/raw-sip-peer.js';

const cli = fileURLToPath(new URL('../../../server/engine/cli.js', import.meta.url));
const secret = 'admin-discard-secret';

/** A bare drachtio admin client: sends `id|…` frames, resolves with the response to that id. */
class AdminClient {
  private buf = Buffer.alloc(0);
  private waiting = new Map<string, (rest: string) => void>();
  private n = 0;

  constructor(private readonly socket: Socket) {
    socket.on('data', (b: Buffer) => {
      this.buf = Buffer.concat([this.buf, b]);
      // Frame lengths count bytes: `<bytes>#<payload>`.
      for (let hash = this.buf.indexOf('#'); hash > 0; hash = this.buf.indexOf('#')) {
        const len = Number(this.buf.toString('latin1', 0, hash));
        if (this.buf.length < hash + 1 + len) return;
        const payload = this.buf.toString('utf8', hash + 1, hash + 1 + len);
        this.buf = this.buf.subarray(hash + 1 + len);
        const [, kind, id, ...rest] = payload.split('|');
        if (kind === 'response' && id) this.waiting.get(id)?.(rest.join('|'));
      }
    });
  }

  send(leader: string): Promise<string> {
    const id = `m${this.n++}`;
    const payload = `${id}|${leader}`;
    this.socket.write(`${Buffer.byteLength(payload)}#${payload}`);
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }
}

test('discard and undiscard over the admin connection of a standalone engine', { timeout: 30_000 }, async (t) => {
  const sipPort = await freePort();
  const adminPort = await freePort();
  const child = spawn(process.execPath, [cli, '--contact', `sip:127.0.0.1:${sipPort};transport=udp`, '--port', String(adminPort), '--secret', secret, '--noconfig', '--loglevel', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGTERM'));
  let out = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  while (!/engine ready/.test(out)) await new Promise((r) => setTimeout(r, 50));
  const socket = connect({ host: '127.0.0.1', port: adminPort });
  await once(socket, 'connect');
  t.after(() => socket.destroy());
  const admin = new AdminClient(socket);

  assert.match(await admin.send('discard|127.0.0.5|60|guard'), /^NOK\|not authenticated/);
  assert.match(await admin.send(`authenticate|${secret}|`), /^OK\|/);
  const peer = await RawSipPeer.open(t, '127.0.0.5', sipPort);
  peer.send(peer.request('OPTIONS', { callId: 'before' }));
  await peer.next(/^SIP\/2\.0 200[\s\S]*Call-ID: before/); // an app is connected and none routes OPTIONS: the engine answers

  assert.equal(await admin.send('discard|127.0.0.5|60|guard: wrong-password'), 'OK');
  assert.match(await admin.send('discard|nobody|60|x'), /^NOK\|not an IP address/);
  assert.match(await admin.send('discard|127.0.0.6|forever|x'), /^NOK\|discard seconds/);
  const heard = peer.received;
  for (let i = 0; i < 20; i++) peer.send(peer.request('OPTIONS', { callId: `during-${i}` }));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(peer.received, heard, 'a discarded source gets no answer');

  assert.equal(await admin.send('undiscard|127.0.0.5'), 'OK');
  peer.send(peer.request('OPTIONS', { callId: 'after' }));
  await peer.next(/^SIP\/2\.0 200[\s\S]*Call-ID: after/);
});

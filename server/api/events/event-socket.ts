// /api/events — the live event hub over one WebSocket per client. The token travels in the
// first message, not in the URL (URLs end up in logs and histories): {"type":"auth","token":…,
// "cursor":n?}. The server answers {"type":"ready","cursor":n} and then sends every event the
// client may see (event-filter.ts) as {"type":"event","event":LiveEventView}: those after the cursor
// first, then live ones. A client keeps the last id it saw and sends it again on reconnect.
// Each socket is its own failure domain: bad JSON, a wrong first message, a bad or revoked
// token, a client too slow to read, all close that socket with a code and a reason (4400 bad
// request, 4401 unauthorized, 4408 no auth in time, 1013 too slow) and nothing else.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, WebSocket } from 'ws';
import type { Repositories } from '../../db/repositories.js';
import { authenticateToken, type Auth } from '../http/auth.js';
import type { EventHub } from './event-hub.js';
import { viewFor, type EventViewer } from './event-filter.js';

const PATH = '/api/events';
const AUTH_TIMEOUT_MS = 5000;
const RECHECK_MS = 60_000;
const PING_MS = 30_000;
const MAX_BUFFERED = 1 << 20;

export interface EventSocketDeps {
  hub: EventHub;
  repos: Repositories;
  logger: Logger;
}

export function attachEventSocket(server: Server, deps: EventSocketDeps): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    if (new URL(req.url ?? '/', 'http://x').pathname !== PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, deps));
  };
  server.on('upgrade', onUpgrade);
  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'server going away');
      wss.close();
    },
  };
}

function serve(ws: WebSocket, deps: EventSocketDeps): void {
  const log = deps.logger.child({ socket: 'events' });
  let stop: (() => void) | undefined;
  const timers: NodeJS.Timeout[] = [];
  const close = (code: number, reason: string): void => {
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
  };
  const authTimer = setTimeout(() => close(4408, 'no auth message in time'), AUTH_TIMEOUT_MS);
  ws.on('error', (err) => log.info({ err: String(err) }, 'event socket error'));
  ws.on('close', () => {
    clearTimeout(authTimer);
    timers.forEach(clearInterval);
    stop?.();
  });
  ws.once('message', (raw) => {
    clearTimeout(authTimer);
    void start(raw.toString()).catch((err: unknown) => {
      log.warn({ err: String(err) }, 'event socket could not start');
      close(1011, 'internal error');
    });
  });

  async function start(text: string): Promise<void> {
    const hello = parseHello(text);
    if (typeof hello === 'string') return close(4400, hello);
    let auth: Auth;
    try {
      auth = await authenticateToken(hello.token, deps.repos);
    } catch {
      log.info('event socket refused: bad or expired token');
      return close(4401, 'unauthorized');
    }
    const viewer = await viewerOf(auth, deps.repos);
    ws.on('message', () => close(4400, 'nothing is expected after auth'));
    const send = (payload: unknown): void => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED) return close(1013, 'client too slow');
      ws.send(JSON.stringify(payload));
    };
    // A new client starts at the cursor it is told, so nothing published meanwhile falls between.
    const start = hello.cursor ?? (await deps.hub.latest());
    send({ type: 'ready', cursor: start, user: { role: auth.user.role } });
    const following = await deps.hub.follow(start, (e) => {
      const visible = viewFor(viewer, e);
      if (visible) send({ type: 'event', event: visible });
    });
    if (ws.readyState !== WebSocket.OPEN) return following.stop();
    stop = following.stop;
    // A token revoked or expired while the socket is open ends it; a dead peer is dropped.
    timers.push(setInterval(() => {
      void deps.repos.tokens.authenticate(hello.token).then((found) => {
        if (!found) close(4401, 'session ended');
      }, () => undefined);
    }, RECHECK_MS));
    let alive = true;
    ws.on('pong', () => { alive = true; });
    timers.push(setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_MS));
  }
}

function parseHello(text: string): { token: string; cursor: number | null } | string {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return 'the first message must be JSON';
  }
  if (typeof msg !== 'object' || msg === null || (msg as { type?: unknown }).type !== 'auth') return 'the first message must be {"type":"auth","token":…}';
  const { token, cursor } = msg as { token?: unknown; cursor?: unknown };
  if (typeof token !== 'string' || token.length === 0 || token.length > 512) return 'token: a string is required';
  if (cursor !== undefined && cursor !== null && !(typeof cursor === 'number' && Number.isSafeInteger(cursor) && cursor >= 0)) return 'cursor: a whole number ≥ 0';
  return { token, cursor: typeof cursor === 'number' ? cursor : null };
}

async function viewerOf(auth: Auth, repos: Repositories): Promise<EventViewer> {
  if (auth.user.role === 'admin') return { role: 'admin' };
  if (auth.user.role === 'agent') {
    const agentId = (await auth.agentId()) ?? null;
    const queues = (await repos.queues.list({ limit: 500 })).items;
    const member = await Promise.all(queues.map(async (q) => ((await repos.queues.listMembers(q.id)).some((m) => m.agent_id === agentId) ? q.id : null)));
    return { role: 'agent', agentId, queueIds: new Set(member.filter((id): id is string => id !== null)) };
  }
  const queueIds = await auth.supervisedQueueIds();
  const members = await Promise.all(queueIds.map((id) => repos.queues.listMembers(id)));
  return { role: 'supervisor', queueIds: new Set(queueIds), agentIds: new Set(members.flat().map((m) => m.agent_id)) };
}

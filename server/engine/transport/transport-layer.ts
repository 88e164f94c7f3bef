// The transport layer: listens on every configured contact (UDP, TCP, TLS, WS, WSS), turns
// datagrams, stream frames and WebSocket messages into parsed messages, answers CRLF
// keepalives, and sends — over the arriving connection when there is one, a reused
// connection to the same peer, or a new one. Every packet meets the source screen first
// (discard list, flood ban) so a banned source costs no parsing; connections take a slot at
// accept and must finish TLS / the WebSocket upgrade within the handshake deadline, send a
// valid SIP message soon after, and not sit idle unless they carry a registration or dialog.
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { EngineConfig, SipTransportName } from '../config.types.js';
import { parseMessage, SipParseError } from '../sip/parser.js';
import type { Logger } from '../log.js';
import { UdpListener } from './udp.js';
import { StreamConnection, acceptTls, dial } from './tcp.js';
import { WsUpgrader, type WsConnection } from './ws.js';
import { listenOn } from './listen.js';
import { advertisedAddress } from './wildcard-address.js';
import { FlowCache } from './flow-cache.js';
import type { SourceScreen } from '../defence/source-screen.js';
import { ConnectionBudget, type Admission } from '../defence/connection-budget.js';
import { normalizeAddress } from '../defence/source-address.js';
import type { Frame } from './stream-framer.js';
import type { Connection, Endpoint, Remote, TransportEvents } from './transport.types.js';
import { SipCounters } from './sip-counters.js';

export interface ListeningAddress {
  transport: SipTransportName;
  local: Endpoint;
  /** Address to advertise in Via/Contact/hostports (external IP when configured). */
  advertised: string;
}

type AnyConnection = StreamConnection | WsConnection;

export class TransportLayer extends EventEmitter<TransportEvents> {
  readonly listening: ListeningAddress[] = [];
  readonly flows = new FlowCache();
  /** Set by the core: true while a connection carries a dialog (idle limits spare it). */
  inUse: (conn: AnyConnection) => boolean = () => false;
  private udp: UdpListener[] = [];
  private servers: Server[] = [];
  private upgraders: WsUpgrader[] = [];
  /** Stream connections by peer, for reuse when sending to the same address. */
  private byPeer = new Map<string, StreamConnection>();
  private open = new Set<AnyConnection>();
  /** Accepted sockets still in their TLS handshake or WebSocket upgrade. */
  private handshaking = new Set<Socket>();
  private readonly budget: ConnectionBudget;
  /** What was logged this second (cap reached, origin refused), so a flood logs one line per second. */
  private capped = new Set<string>();
  private secureContext?: SecureContext;
  private sweeper: NodeJS.Timeout;
  counters = { received: 0, sent: 0, malformed: 0, dropped: 0 };
  readonly sip = new SipCounters();

  private constructor(private readonly config: EngineConfig, private readonly log: Logger, private readonly screen: SourceScreen) {
    super();
    this.budget = new ConnectionBudget(config.limits.connectionsPerIp, config.limits.maxConnections);
    if (config.tls) this.secureContext = createSecureContext({ key: config.tls.key, cert: config.tls.cert });
    this.sweeper = setInterval(() => this.closeIdle(), 1000);
    this.sweeper.unref();
    screen.on('discarded', (address) => this.dropSource(address));
  }

  /** Inbound connections holding a slot (accepted, handshaking or open). */
  get connectionCount(): number {
    return this.budget.size;
  }

  static async start(config: EngineConfig, log: Logger, screen: SourceScreen): Promise<TransportLayer> {
    const layer = new TransportLayer(config, log, screen);
    try {
      for (const c of config.contacts) await layer.listen(c.transport, c.host, c.port, c.externalIp ?? advertisedAddress(c.host));
    } catch (err) {
      await layer.close();
      throw err;
    }
    return layer;
  }

  private async listen(transport: SipTransportName, host: string, port: number, advertised: string): Promise<void> {
    let local: Endpoint;
    if (transport === 'udp') {
      const l = await UdpListener.listen(host, port, (data, from, via) => this.onDatagram(data, from, via));
      this.udp.push(l);
      local = l.local;
    } else {
      if ((transport === 'tls' || transport === 'wss') && !this.secureContext) throw new Error(`${transport} needs a TLS key and certificate`);
      const server = createServer({ noDelay: true });
      server.on('error', () => undefined);
      local = await listenOn(server, host, port);
      this.servers.push(server);
      const upgrader = transport === 'ws' || transport === 'wss' ? this.upgrader(transport, local) : undefined;
      server.on('connection', (raw: Socket) => this.accept(raw, transport, local, upgrader));
    }
    this.listening.push({ transport, local, advertised });
  }

  has(transport: SipTransportName): boolean {
    return this.listening.some((l) => l.transport === transport);
  }

  /** The listening address used for Via and Contact on a transport. */
  addressFor(transport: SipTransportName): ListeningAddress | undefined {
    return this.listening.find((l) => l.transport === transport);
  }

  /**
   * Sends on `connection` if open, else to `dest` over its transport. Returns false if
   * impossible now; `onFailure` hears of a connection that could not be established.
   */
  send(data: string, dest: Remote, connection?: Connection, onFailure?: () => void): boolean {
    this.counters.sent++;
    this.sip.sent(data);
    if (this.log.enabled('debug')) this.log.debug(`send ${dest.transport}/${dest.address}:${dest.port}: ${data.slice(0, data.indexOf('\r'))}`);
    if (connection && !connection.closed) {
      connection.write(data);
      return true;
    }
    if (dest.transport === 'udp') {
      const l = this.udp[0];
      return l ? l.send(data, dest) : false;
    }
    const conn = this.connectionTo(dest);
    if (!conn) return false;
    if (onFailure) conn.onConnectFailure(onFailure);
    conn.write(data);
    return true;
  }

  /** An open stream connection to a peer, dialling one if none exists (not possible for WS). */
  private connectionTo(dest: Remote): StreamConnection | undefined {
    const existing = this.byPeer.get(peerKey(dest.transport, dest));
    if (existing && !existing.closed) return existing;
    const from = this.addressFor(dest.transport);
    if (!from || (dest.transport !== 'tcp' && dest.transport !== 'tls')) return undefined;
    const socket = dial(dest.transport, dest, from.local.address, this.config.tls?.verifyPeer ?? true);
    return this.adopt(socket, dest.transport, from.local, dest, true);
  }

  private upgrader(transport: 'ws' | 'wss', local: Endpoint): WsUpgrader {
    const u = new WsUpgrader(transport, local, this.config.maxMessageSize, this.config.wsAllowedOrigins, {
      onOpen: (conn) => this.open.add(conn),
      onMessage: (data, conn) => this.onWsMessage(data, conn),
      onClose: (conn) => this.closed(conn),
      onRefusedOrigin: (origin, remote) => {
        if (this.capped.has(`origin|${remote.address}`)) return;
        this.capped.add(`origin|${remote.address}`);
        this.log.warn(`${transport} upgrade from ${remote.address}:${remote.port} refused: origin ${JSON.stringify(origin.slice(0, 100))} is not allowed`);
      },
    });
    this.upgraders.push(u);
    return u;
  }

  /**
   * A new TCP socket on a stream listener: discarded sources and those over their slot are
   * closed at once; the rest get their slot back when the socket closes, and (TLS, WS, WSS)
   * are destroyed if the handshake is not done by the deadline.
   */
  private accept(raw: Socket, transport: SipTransportName, local: Endpoint, upgrader?: WsUpgrader): void {
    raw.on('error', () => undefined);
    const remote = { address: normalizeAddress(raw.remoteAddress ?? ''), port: raw.remotePort ?? 0 };
    if (this.screen.isDiscarded(remote.address)) {
      raw.destroy();
      return;
    }
    const admission = this.budget.acquire(remote.address);
    if (admission !== 'ok') {
      this.refuse(remote.address, admission);
      raw.destroy();
      return;
    }
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.budget.release(remote.address);
    };
    raw.once('close', release);
    if (transport === 'tcp') {
      this.adopt(raw, transport, local, remote);
      return;
    }
    const outer = transport === 'tls' || transport === 'wss' ? acceptTls(raw, this.secureContext as SecureContext) : raw;
    if (outer !== raw) {
      outer.on('error', () => outer.destroy());
      outer.once('close', release);
    }
    this.handshaking.add(outer);
    const deadline = setTimeout(() => {
      this.log.debug(`${transport} handshake from ${remote.address}:${remote.port} not done within ${this.config.limits.handshakeTimeoutSec}s: closed`);
      outer.destroy();
      raw.destroy();
    }, this.config.limits.handshakeTimeoutSec * 1000);
    const done = (): void => {
      clearTimeout(deadline);
      this.handshaking.delete(outer);
    };
    outer.once('close', done);
    const established = (): void => {
      if (upgrader) upgrader.take(outer, done);
      else {
        done();
        this.adopt(outer, transport, local, remote);
      }
    };
    if (outer === raw) established();
    else outer.once('secure', established);
  }

  private refuse(address: string, why: Admission): void {
    this.counters.dropped++;
    if (why === 'total') {
      if (!this.capped.has('*')) this.log.warn(`connection budget of ${this.config.limits.maxConnections} used up: refusing new connections`);
      this.capped.add('*');
    } else if (!this.capped.has(address)) {
      this.capped.add(address);
      this.log.warn(`connection limit of ${this.config.limits.connectionsPerIp} reached for ${address}: refusing its new connections`);
    }
  }

  private adopt(socket: Socket, transport: SipTransportName, local: Endpoint, remote: Endpoint, dialled = false): StreamConnection {
    const conn = new StreamConnection(transport, socket, remote, local, this.config.maxMessageSize,
      (frame, c) => this.onFrame(frame, c),
      (c) => this.closed(c));
    conn.dialled = dialled;
    this.byPeer.set(peerKey(transport, remote), conn);
    this.open.add(conn);
    return conn;
  }

  private closed(conn: AnyConnection): void {
    if (!this.open.delete(conn)) return;
    const k = peerKey(conn.transport, conn.remote);
    if (this.byPeer.get(k) === conn) this.byPeer.delete(k);
    this.flows.dropConnection(conn);
    this.emit('connectionClosed', conn);
  }

  /**
   * Once a second: an accepted connection that sent no valid SIP message within
   * firstMessageTimeoutSec, or none for idleTimeoutSec while carrying no registration and no
   * dialog, is closed. Pings alone do not keep a connection.
   */
  private closeIdle(): void {
    const now = Date.now();
    const firstCutoff = now - this.config.limits.firstMessageTimeoutSec * 1000;
    const idleCutoff = now - this.config.limits.idleTimeoutSec * 1000;
    this.capped.clear();
    for (const c of this.open) {
      const silent = c.lastMessage === 0 && !c.dialled && c.openedAt < firstCutoff;
      const idle = Math.max(c.lastMessage, c.openedAt) < idleCutoff && !this.flows.holds(c) && !this.inUse(c);
      if (silent || idle) {
        this.log.debug(`closing ${silent ? 'silent' : 'idle'} ${c.transport} connection to ${c.remote.address}:${c.remote.port}`);
        c.close();
        this.closed(c);
      }
    }
  }

  /** A source entered the discard list: its connections and handshakes end now. */
  private dropSource(address: string): void {
    for (const c of this.open) {
      if (normalizeAddress(c.remote.address) !== address) continue;
      c.close();
      this.closed(c);
    }
    for (const s of this.handshaking) if (normalizeAddress(s.remoteAddress ?? '') === address) s.destroy();
  }

  private onDatagram(data: Buffer, from: Endpoint, via: UdpListener): void {
    if (!this.screen.admit(from.address, !isResponse(data))) return;
    if (isKeepalive(data)) {
      if (data.length >= 4) via.send('\r\n', from);
      return;
    }
    if (data.length > this.config.maxMessageSize) {
      this.counters.dropped++;
      return;
    }
    this.deliver(data, { transport: 'udp', ...from }, via.local, undefined, true);
  }

  private onWsMessage(data: Buffer, conn: WsConnection): void {
    if (!this.screen.admit(conn.remote.address, !isResponse(data))) return this.dropSource(normalizeAddress(conn.remote.address));
    if (isKeepalive(data)) {
      if (data.length >= 4) conn.write('\r\n');
      return;
    }
    this.deliver(data, { transport: conn.transport, ...conn.remote }, conn.local, conn, true);
  }

  private onFrame(frame: Frame, conn: StreamConnection): void {
    if (frame.kind !== 'error' && !this.screen.admit(conn.remote.address, frame.kind === 'ping' || !isResponse(frame.data))) return this.dropSource(normalizeAddress(conn.remote.address));
    if (frame.kind === 'ping') conn.write('\r\n');
    else if (frame.kind === 'error') {
      this.counters.malformed++;
      this.log.warn(`closing ${conn.transport} connection from ${conn.remote.address}:${conn.remote.port}: ${frame.reason}`);
    } else this.deliver(frame.data, { transport: conn.transport, ...conn.remote }, conn.local, conn, false);
  }

  private deliver(data: Buffer, source: Remote, local: Endpoint, connection: AnyConnection | undefined, whole: boolean): void {
    this.counters.received++;
    try {
      const msg = parseMessage(data, whole);
      this.sip.received(msg);
      if (connection) connection.lastMessage = Date.now();
      if (this.log.enabled('debug')) this.log.debug(`recv ${source.transport}/${source.address}:${source.port}: ${data.toString('utf8', 0, Math.min(data.length, 120)).split('\r')[0]}`);
      this.emit('message', { msg, raw: data.toString('utf8'), source, local, ...(connection ? { connection } : {}) });
    } catch (err) {
      this.counters.malformed++;
      const reason = err instanceof Error ? err.message : String(err);
      const partial = err instanceof SipParseError ? err.partial : undefined;
      const status = err instanceof SipParseError ? err.status : 400;
      this.log.debug(`malformed message from ${source.address}:${source.port}: ${reason}`);
      this.emit('malformed', { reason, status, source, local, ...(partial ? { partial } : {}), ...(connection ? { connection } : {}) });
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const c of this.open) c.close();
    for (const s of this.handshaking) s.destroy();
    this.open.clear();
    this.byPeer.clear();
    await Promise.all([
      ...this.udp.map((l) => l.close()),
      ...this.upgraders.map((u) => u.close()),
      ...this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    ]);
  }
}

function peerKey(transport: string, e: Endpoint): string {
  return `${transport}|${e.address}|${e.port}`;
}

/** A response starts with `SIP/`; anything else from a source counts as a request for the flood limit. */
function isResponse(data: Buffer): boolean {
  return data.length >= 4 && data[0] === 0x53 && data[1] === 0x49 && data[2] === 0x50 && data[3] === 0x2f;
}

function isKeepalive(data: Buffer): boolean {
  for (const b of data) if (b !== 0x0d && b !== 0x0a) return false;
  return true;
}

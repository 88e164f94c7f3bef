// The transport layer: listens on every configured contact (UDP, TCP, TLS, WS, WSS), turns
// datagrams, stream frames and WebSocket messages into parsed messages, answers CRLF
// keepalives, enforces per-IP connection limits and idle timeouts, and sends — over the
// arriving connection when there is one, a reused connection to the same peer, or a new one.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { EngineConfig, SipTransportName } from '../config.types.js';
import { parseMessage, SipParseError } from '../sip/parser.js';
import type { Logger } from '../log.js';
import { UdpListener } from './udp.js';
import { TcpListener, StreamConnection, dial } from './tcp.js';
import { WsListener, type WsConnection } from './ws.js';
import { FlowCache } from './flow-cache.js';
import type { Frame } from './stream-framer.js';
import type { Connection, Endpoint, Remote, TransportEvents } from './transport.types.js';

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
  private udp: UdpListener[] = [];
  private servers: (TcpListener | WsListener)[] = [];
  /** Stream connections by peer, for reuse when sending to the same address. */
  private byPeer = new Map<string, StreamConnection>();
  private open = new Set<AnyConnection>();
  private perIp = new Map<string, number>();
  private sweeper: NodeJS.Timeout;
  counters = { received: 0, sent: 0, malformed: 0, dropped: 0 };

  private constructor(private readonly config: EngineConfig, private readonly log: Logger) {
    super();
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(10000, config.limits.idleTimeoutSec * 500));
    this.sweeper.unref();
  }

  static async start(config: EngineConfig, log: Logger): Promise<TransportLayer> {
    const layer = new TransportLayer(config, log);
    try {
      for (const c of config.contacts) await layer.listen(c.transport, c.host, c.port, c.externalIp ?? c.host);
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
    } else if (transport === 'tcp' || transport === 'tls') {
      const l = await TcpListener.listen(host, port, (socket, via) => this.accept(socket, transport, via.local), transport === 'tls' ? this.config.tls : undefined);
      this.servers.push(l);
      local = l.local;
    } else {
      const l = await WsListener.listen(transport, host, port, this.config.maxMessageSize, {
        admit: (remote) => this.admit(remote),
        onOpen: (conn) => this.open.add(conn),
        onMessage: (data, conn) => this.onWsMessage(data, conn),
        onClose: (conn) => this.closed(conn),
      }, this.config.tls);
      this.servers.push(l);
      local = l.local;
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
    return this.adopt(socket, dest.transport, from.local, dest);
  }

  private admit(remote: Endpoint): boolean {
    const n = this.perIp.get(remote.address) ?? 0;
    if (n >= this.config.limits.connectionsPerIp) {
      this.counters.dropped++;
      this.log.warn(`connection limit reached for ${remote.address} (${n}): refusing a new connection`);
      return false;
    }
    this.perIp.set(remote.address, n + 1);
    return true;
  }

  private accept(socket: Socket, transport: SipTransportName, local: Endpoint): void {
    const remote = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    if (!this.admit(remote)) {
      socket.destroy();
      return;
    }
    this.adopt(socket, transport, local, remote, true);
  }

  private adopt(socket: Socket, transport: SipTransportName, local: Endpoint, remote: Endpoint, counted = false): StreamConnection {
    if (!counted) this.perIp.set(remote.address, (this.perIp.get(remote.address) ?? 0) + 1);
    const conn = new StreamConnection(transport, socket, remote, local, this.config.maxMessageSize,
      (frame, c) => this.onFrame(frame, c),
      (c) => this.closed(c));
    this.byPeer.set(peerKey(transport, remote), conn);
    this.open.add(conn);
    return conn;
  }

  private closed(conn: AnyConnection): void {
    if (!this.open.delete(conn)) return;
    const n = (this.perIp.get(conn.remote.address) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(conn.remote.address);
    else this.perIp.set(conn.remote.address, n);
    const k = peerKey(conn.transport, conn.remote);
    if (this.byPeer.get(k) === conn) this.byPeer.delete(k);
    this.flows.dropConnection(conn);
    this.emit('connectionClosed', conn);
  }

  private closeIdle(): void {
    const cutoff = Date.now() - this.config.limits.idleTimeoutSec * 1000;
    for (const c of this.open) {
      if (c.lastActivity < cutoff && !this.flows.holds(c)) {
        this.log.debug(`closing idle ${c.transport} connection to ${c.remote.address}:${c.remote.port}`);
        c.close();
        this.closed(c);
      }
    }
  }

  private onDatagram(data: Buffer, from: Endpoint, via: UdpListener): void {
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
    if (isKeepalive(data)) {
      if (data.length >= 4) conn.write('\r\n');
      return;
    }
    this.deliver(data, { transport: conn.transport, ...conn.remote }, conn.local, conn, true);
  }

  private onFrame(frame: Frame, conn: StreamConnection): void {
    if (frame.kind === 'ping') conn.write('\r\n');
    else if (frame.kind === 'error') {
      this.counters.malformed++;
      this.log.warn(`closing ${conn.transport} connection from ${conn.remote.address}:${conn.remote.port}: ${frame.reason}`);
    } else this.deliver(frame.data, { transport: conn.transport, ...conn.remote }, conn.local, conn, false);
  }

  private deliver(data: Buffer, source: Remote, local: Endpoint, connection: Connection | undefined, whole: boolean): void {
    this.counters.received++;
    try {
      const msg = parseMessage(data, whole);
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
    this.open.clear();
    this.byPeer.clear();
    await Promise.all([...this.udp.map((l) => l.close()), ...this.servers.map((l) => l.close())]);
  }
}

function peerKey(transport: string, e: Endpoint): string {
  return `${transport}|${e.address}|${e.port}`;
}

function isKeepalive(data: Buffer): boolean {
  for (const b of data) if (b !== 0x0d && b !== 0x0a) return false;
  return true;
}

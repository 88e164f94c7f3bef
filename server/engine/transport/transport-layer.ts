// The transport layer: listens on every configured contact, turns datagrams and stream
// frames into parsed messages, answers CRLF keepalives, and sends — over the arriving
// connection when there is one, a reused connection to the same peer, or a new one.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { EngineConfig, SipTransportName } from '../config.types.js';
import { parseMessage, SipParseError } from '../sip/parser.js';
import type { Logger } from '../log.js';
import { UdpListener } from './udp.js';
import { TcpListener, StreamConnection, dialTcp } from './tcp.js';
import type { Frame } from './stream-framer.js';
import type { Connection, Endpoint, Remote, TransportEvents } from './transport.types.js';

export interface ListeningAddress {
  transport: SipTransportName;
  local: Endpoint;
  /** Address to advertise in Via/Contact/hostports (external IP when configured). */
  advertised: string;
}

export class TransportLayer extends EventEmitter<TransportEvents> {
  readonly listening: ListeningAddress[] = [];
  private udp: UdpListener[] = [];
  private tcp: TcpListener[] = [];
  private connections = new Map<string, StreamConnection>();
  counters = { received: 0, sent: 0, malformed: 0, dropped: 0 };

  private constructor(private readonly config: EngineConfig, private readonly log: Logger) {
    super();
  }

  static async start(config: EngineConfig, log: Logger): Promise<TransportLayer> {
    const layer = new TransportLayer(config, log);
    for (const c of config.contacts) {
      const advertised = c.externalIp ?? c.host;
      if (c.transport === 'udp') {
        const l = await UdpListener.listen(c.host, c.port, (data, from, via) => layer.onDatagram(data, from, via));
        layer.udp.push(l);
        layer.listening.push({ transport: 'udp', local: l.local, advertised });
      } else if (c.transport === 'tcp') {
        const l = await TcpListener.listen(c.host, c.port, (socket, via) => layer.adopt(socket, 'tcp', via.local));
        layer.tcp.push(l);
        layer.listening.push({ transport: 'tcp', local: l.local, advertised });
      } else {
        log.warn(`transport ${c.transport} is not supported yet; contact ${c.host}:${c.port} ignored`);
      }
    }
    return layer;
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
      if (!l) return false;
      l.send(data, dest);
      return true;
    }
    if (dest.transport === 'tcp') {
      const conn = this.connectionTo(dest);
      if (!conn) return false;
      if (onFailure) conn.onConnectFailure(onFailure);
      conn.write(data);
      return true;
    }
    return false;
  }

  /** An open connection to a peer, dialling one if none exists. */
  connectionTo(dest: Remote): StreamConnection | undefined {
    const existing = this.connections.get(key(dest.transport, dest));
    if (existing && !existing.closed) return existing;
    const from = this.addressFor(dest.transport);
    if (!from || dest.transport !== 'tcp') return undefined;
    const socket = dialTcp(dest, from.local.address);
    return this.adopt(socket, 'tcp', from.local, dest);
  }

  private adopt(socket: Socket, transport: SipTransportName, local: Endpoint, dialled?: Endpoint): StreamConnection {
    const remote = dialled ?? { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    const conn = new StreamConnection(transport, socket, remote, local, this.config.maxMessageSize,
      (frame, c) => this.onFrame(frame, c),
      (c) => {
        if (this.connections.get(key(transport, c.remote)) === c) this.connections.delete(key(transport, c.remote));
        this.emit('connectionClosed', c);
      });
    this.connections.set(key(transport, remote), conn);
    return conn;
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
    this.deliver(data, { transport: 'udp', ...from }, via.local, undefined);
  }

  private onFrame(frame: Frame, conn: StreamConnection): void {
    if (frame.kind === 'ping') conn.write('\r\n');
    else if (frame.kind === 'error') {
      this.counters.malformed++;
      this.log.warn(`closing ${conn.transport} connection from ${conn.remote.address}:${conn.remote.port}: ${frame.reason}`);
    } else this.deliver(frame.data, { transport: conn.transport, ...conn.remote }, conn.local, conn);
  }

  private deliver(data: Buffer, source: Remote, local: Endpoint, connection: Connection | undefined): void {
    this.counters.received++;
    try {
      const msg = parseMessage(data, connection === undefined);
      if (this.log.enabled('debug')) this.log.debug(`recv ${source.transport}/${source.address}:${source.port}: ${data.toString('utf8', 0, Math.min(data.length, 120)).split('\r')[0]}`);
      this.emit('message', { msg, raw: data.toString('utf8'), source, local, ...(connection ? { connection } : {}) });
    } catch (err) {
      this.counters.malformed++;
      const reason = err instanceof Error ? err.message : String(err);
      const partial = err instanceof SipParseError ? err.partial : undefined;
      this.log.debug(`malformed message from ${source.address}:${source.port}: ${reason}`);
      this.emit('malformed', { reason, source, local, ...(partial ? { partial } : {}), ...(connection ? { connection } : {}) });
    }
  }

  async close(): Promise<void> {
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
    await Promise.all([...this.udp.map((l) => l.close()), ...this.tcp.map((l) => l.close())]);
  }
}

function key(transport: string, e: Endpoint): string {
  return `${transport}|${e.address}|${e.port}`;
}

function isKeepalive(data: Buffer): boolean {
  for (const b of data) if (b !== 0x0d && b !== 0x0a) return false;
  return true;
}

// TCP transport: a listener plus outbound connections, each framed by StreamFramer.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { StreamFramer, type Frame } from './stream-framer.js';
import type { Connection, Endpoint } from './transport.types.js';
import type { SipTransportName } from '../config.types.js';

let nextConnectionId = 1;

/** A stream connection carrying SIP; `onFrame` gets every frame, `onClose` fires once. */
export class StreamConnection implements Connection {
  readonly id = nextConnectionId++;
  closed = false;
  lastActivity = Date.now();
  private framer: StreamFramer;

  constructor(
    readonly transport: SipTransportName,
    private readonly socket: Socket,
    readonly remote: Endpoint,
    readonly local: Endpoint,
    maxMessageSize: number,
    onFrame: (frame: Frame, conn: StreamConnection) => void,
    onClose: (conn: StreamConnection) => void,
  ) {
    this.framer = new StreamFramer(maxMessageSize);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30000);
    socket.on('data', (chunk: Buffer) => {
      this.lastActivity = Date.now();
      for (const frame of this.framer.push(chunk)) {
        onFrame(frame, this);
        if (frame.kind === 'error') {
          this.close();
          return;
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.closed && !this.socket.destroyed) return;
      this.closed = true;
      onClose(this);
    });
  }

  /** Calls `fn` if this (dialled) connection fails before it is established. */
  onConnectFailure(fn: () => void): void {
    if (this.closed) return fn();
    if (!this.socket.connecting) return;
    const onClose = (): void => fn();
    this.socket.once('close', onClose);
    this.socket.once('connect', () => this.socket.off('close', onClose));
  }

  write(data: string): void {
    if (this.closed) return;
    this.lastActivity = Date.now();
    this.socket.write(data);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }
}

export type ConnectionFactory = (socket: Socket, remote: Endpoint, local: Endpoint) => StreamConnection;

export class TcpListener {
  private constructor(private readonly server: Server, readonly local: Endpoint) {}

  static async listen(host: string, port: number, onSocket: (socket: Socket, listener: TcpListener) => void): Promise<TcpListener> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    const local = typeof addr === 'object' && addr ? { address: addr.address, port: addr.port } : { address: host, port };
    const listener = new TcpListener(server, local);
    server.on('connection', (socket) => onSocket(socket, listener));
    server.on('error', () => undefined);
    return listener;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Opens an outbound TCP connection; writes made before it connects are queued by the socket. */
export function dialTcp(remote: Endpoint, localAddress: string): Socket {
  return connect({ host: remote.address, port: remote.port, localAddress, noDelay: true });
}

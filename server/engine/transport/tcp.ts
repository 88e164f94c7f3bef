// TCP transport: a listener plus outbound connections, each framed by StreamFramer.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, connect as connectTls, TLSSocket } from 'node:tls';
import { StreamFramer, type Frame } from './stream-framer.js';
import type { Endpoint } from './transport.types.js';
import type { SipTransportName } from '../config.types.js';
import { ConnectionBase } from './connection-base.js';
import { listenOn } from './listen.js';

/** A stream connection carrying SIP; `onFrame` gets every frame, `onClose` fires once. */
export class StreamConnection extends ConnectionBase {
  private framer: StreamFramer;

  constructor(
    transport: SipTransportName,
    private readonly socket: Socket,
    remote: Endpoint,
    local: Endpoint,
    maxMessageSize: number,
    onFrame: (frame: Frame, conn: StreamConnection) => void,
    onClose: (conn: StreamConnection) => void,
  ) {
    super(transport, remote, local);
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
    // For TLS the connection is established only when the handshake succeeds.
    this.socket.once(this.socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => this.socket.off('close', onClose));
  }

  protected transmit(data: string): void {
    this.socket.write(data);
  }

  protected destroy(): void {
    this.socket.destroy();
  }
}

/** A TCP or TLS listener; TLS when `tls` keys are given. */
export class TcpListener {
  private constructor(private readonly server: Server, readonly local: Endpoint) {}

  static async listen(host: string, port: number, onSocket: (socket: Socket, listener: TcpListener) => void, tls?: { key: string; cert: string }): Promise<TcpListener> {
    const server: Server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }) : createServer({ noDelay: true });
    const local = await listenOn(server, host, port);
    const listener = new TcpListener(server, local);
    server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => onSocket(socket, listener));
    // A failed TLS handshake must only cost that one connection.
    server.on('tlsClientError', () => undefined);
    server.on('error', () => undefined);
    return listener;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Opens an outbound TCP or TLS connection; writes made before it connects are queued. */
export function dial(transport: 'tcp' | 'tls', remote: Endpoint, localAddress: string, verifyPeer: boolean): Socket {
  if (transport === 'tls') return connectTls({ host: remote.address, port: remote.port, rejectUnauthorized: verifyPeer });
  return connect({ host: remote.address, port: remote.port, localAddress, noDelay: true });
}

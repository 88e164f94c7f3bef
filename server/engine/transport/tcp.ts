// TCP and TLS connections, each framed by StreamFramer: accepted ones (the transport layer
// owns the listening socket) and dialled ones.
import { connect, type Socket } from 'node:net';
import { connect as connectTls, TLSSocket, type SecureContext } from 'node:tls';
import { StreamFramer, type Frame } from './stream-framer.js';
import type { Endpoint } from './transport.types.js';
import type { SipTransportName } from '../config.types.js';
import { ConnectionBase } from './connection-base.js';

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

/**
 * Starts the server side of TLS on an accepted TCP socket. The listener is a plain TCP server
 * so that connection slots and the handshake deadline count from accept, before TLS.
 */
export function acceptTls(raw: Socket, context: SecureContext): TLSSocket {
  return new TLSSocket(raw, { isServer: true, secureContext: context });
}

/** Opens an outbound TCP or TLS connection; writes made before it connects are queued. */
export function dial(transport: 'tcp' | 'tls', remote: Endpoint, localAddress: string, verifyPeer: boolean): Socket {
  if (transport === 'tls') return connectTls({ host: remote.address, port: remote.port, rejectUnauthorized: verifyPeer });
  return connect({ host: remote.address, port: remote.port, localAddress, noDelay: true });
}

// UDP transport: one socket per listening address; datagrams are whole messages.
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Endpoint } from './transport.types.js';

export class UdpListener {
  private socket: Socket;
  readonly local: Endpoint;

  private constructor(socket: Socket, local: Endpoint) {
    this.socket = socket;
    this.local = local;
  }

  static async listen(host: string, port: number, onDatagram: (data: Buffer, from: Endpoint, via: UdpListener) => void): Promise<UdpListener> {
    const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024, sendBufferSize: 4 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const addr = socket.address();
    const listener = new UdpListener(socket, { address: addr.address, port: addr.port });
    // A send error (ICMP unreachable surfaces on some systems) must never take the engine down.
    socket.on('error', () => undefined);
    socket.on('message', (data, rinfo) => onDatagram(data, { address: rinfo.address, port: rinfo.port }, listener));
    return listener;
  }

  get family(): 'IPv4' | 'IPv6' {
    return isIPv6(this.local.address) ? 'IPv6' : 'IPv4';
  }

  /** Sends one datagram; false when node refuses the address or port outright (it throws for those). */
  send(data: string, to: Endpoint): boolean {
    try {
      this.socket.send(data, to.port, to.address);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

// Raw TCP connections from a chosen loopback address that do nothing (no TLS hello, no HTTP
// upgrade) unless told: how long each stayed open is what the connection limits are about.
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** Resolves with the milliseconds from connect to close (NaN if it never connected). */
  closed: Promise<number>;
}

export function rawConnect(port: number, localAddress: string): RawConnection {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  let connectedAt = NaN;
  socket.on('connect', () => { connectedAt = Date.now(); });
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - connectedAt)));
  return { socket, closed };
}

/** Whether `c` is still open after `ms`. */
export async function openAfter(c: RawConnection, ms: number): Promise<boolean> {
  return Promise.race([c.closed.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))]);
}

// Raw SIP over a plain UDP socket or TCP connection, for messages sipp cannot send (malformed
// ones): write bytes, collect whatever the engine sends back.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket as TcpSocket } from 'node:net';
import { once } from 'node:events';
import type { SipTransport } from './sipp.js';

export interface RawSipPeer {
  /** `127.0.0.1:<port>` of our socket, for Via sent-by. */
  sentBy: string;
  /** Writes the bytes in one datagram / one write, or in several writes for a stream. */
  send(data: string | string[]): Promise<void>;
  /** Messages received so far (TCP: split at each status line). */
  received(): string[];
  close(): void;
}

export async function rawSipPeer(transport: SipTransport, enginePort: number): Promise<RawSipPeer> {
  return transport === 'udp' ? udpPeer(enginePort) : tcpPeer(enginePort);
}

async function udpPeer(enginePort: number): Promise<RawSipPeer> {
  const sock: UdpSocket = createSocket('udp4');
  const got: string[] = [];
  sock.on('message', (msg) => got.push(msg.toString('latin1')));
  sock.bind(0, '127.0.0.1');
  await once(sock, 'listening');
  return {
    sentBy: `127.0.0.1:${sock.address().port}`,
    async send(data) {
      const text = Array.isArray(data) ? data.join('') : data;
      await new Promise<void>((resolve, reject) =>
        sock.send(Buffer.from(text, 'latin1'), enginePort, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
    },
    received: () => [...got],
    close: () => sock.close(),
  };
}

async function tcpPeer(enginePort: number): Promise<RawSipPeer> {
  const sock: TcpSocket = connect(enginePort, '127.0.0.1');
  await once(sock, 'connect');
  let stream = '';
  sock.on('data', (d: Buffer) => { stream += d.toString('latin1'); });
  // the engine may close the connection after garbage; that is allowed
  sock.on('error', () => undefined);
  return {
    sentBy: `127.0.0.1:${sock.localPort ?? 0}`,
    async send(data) {
      for (const chunk of Array.isArray(data) ? data : [data]) {
        if (sock.destroyed) return;
        sock.write(Buffer.from(chunk, 'latin1'));
        if (Array.isArray(data)) await new Promise((r) => setTimeout(r, 50));
      }
    },
    received: () => stream.split(/(?=^SIP\/2\.0 \d{3} )/m).filter((m) => m.startsWith('SIP/2.0 ')),
    close: () => sock.destroy(),
  };
}

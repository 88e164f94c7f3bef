// Free loopback ports for tests: the OS picks one, we release it and hand the number on.
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

/** A port free for both TCP and UDP on 127.0.0.1. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port found');
}

/**
 * `count` distinct free ports: each freePort() releases its port before the next call, so
 * the OS may hand the same one out twice (two listeners of one center then collide).
 */
export async function freePorts<N extends number>(count: N): Promise<Ports<N>> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports] as Ports<N>;
}

type Ports<N extends number, R extends number[] = []> = R['length'] extends N ? R : Ports<N, [...R, number]>;

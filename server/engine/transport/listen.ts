// Binds a net/http/tls server and reports the address it really got (port 0 → the OS's pick).
import type { Server } from 'node:net';
import type { Endpoint } from './transport.types.js';

export async function listenOn(server: Server, host: string, port: number): Promise<Endpoint> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  return typeof addr === 'object' && addr ? { address: addr.address, port: addr.port } : { address: host, port };
}

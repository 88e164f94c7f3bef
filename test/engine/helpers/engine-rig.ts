// One engine listening on UDP and TCP (one port) and plain WS (another), fresh loopback ports,
// with drachtio-srf apps connected to it; torn down by the test's `after` hook.
import { once } from 'node:events';
import type { TestContext } from 'node:test';
import Srf from 'drachtio-srf';
import { startEngine, type Engine } from '../../../server/engine/engine.js';
import type { EngineOptions } from '../../../server/engine/config.js';
import { freePorts } from '../../helpers/ports.js';
import { withTimeout } from '../../sip/helpers/rig.js';

export interface EngineRig {
  engine: Engine;
  /** UDP and TCP port. */
  sipPort: number;
  wsPort: number;
  connectApp(): Promise<Srf>;
}

/** `opts`: engine settings on top of the rig's own (contacts, admin and log level stay the rig's); `host`: the SIP address (default 127.0.0.1), e.g. a NAT test's host end of its veth. */
export async function startEngineRig(t: TestContext, opts: EngineOptions & { host?: string } = {}): Promise<EngineRig> {
  const [sipPort, wsPort, adminPort] = await freePorts(3);
  const { host = '127.0.0.1', ...engineOpts } = opts;
  const engine = await startEngine({
    ...engineOpts,
    contacts: [
      { transport: 'udp', host, port: sipPort },
      { transport: 'tcp', host, port: sipPort },
      { transport: 'ws', host, port: wsPort },
    ],
    admin: { address: '127.0.0.1', port: adminPort, secret: 'cymru' },
    logLevel: 'error',
  });
  const apps: Srf[] = [];
  t.after(async () => {
    for (const a of apps) a.disconnect();
    await engine.stop();
  });
  return {
    engine, sipPort, wsPort,
    async connectApp() {
      const srf = new Srf();
      srf.on('error', (err) => t.diagnostic(`srf error: ${err.message}`));
      void srf.connect({ host: '127.0.0.1', port: adminPort, secret: 'cymru' });
      await withTimeout(once(srf, 'connect'), 5000, 'srf connect');
      apps.push(srf);
      return srf;
    },
  };
}

/** dialog.destroy() as a promise that settles with the error, or undefined on success. */
export function destroyOutcome(d: Srf.Dialog): Promise<Error | undefined> {
  return new Promise((resolve) => d.destroy(undefined, (err: unknown) => resolve(err ? (err instanceof Error ? err : new Error(String(err))) : undefined)));
}

// One engine on fresh loopback ports plus the drachtio-srf apps connected to it, torn down by
// the test's `after` hook even when the test fails. Shared by every scenario under test/sip.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { TestContext } from 'node:test';
import Srf from 'drachtio-srf';
import { startEngine, type Engine } from '../../../server/engine/engine.js';
import type { EngineConfig } from '../../../server/engine/config.types.js';
import { freePort } from '../../helpers/ports.js';
import { assertSippOk, startSipp, type SippOptions, type SippProcess, type SippResult, type SipTransport } from './sipp.js';

export { APP_SDP } from './app-sdp.js';

const SECRET = 'cymru';

export interface Rig {
  engine: Engine;
  sipPort: number;
  /** `127.0.0.1:<sipPort>`, the remote for a sipp UAC. */
  target: string;
  /** Connects a fresh srf app; it is disconnected after the test. */
  connectApp(): Promise<Srf>;
  /** Starts sipp; it is killed after the test. */
  sipp(opts: SippOptions): Promise<SippProcess>;
  /** Runs a sipp UAC against the engine and asserts it exits 0 (every call succeeded). */
  runUac(opts: Omit<SippOptions, 'remote'>): Promise<SippResult>;
  /** Waits until the engine holds no dialog, then asserts so. */
  expectNoDialogs(): Promise<void>;
}

export interface RigOptions {
  timers?: EngineConfig['timers'];
}

export async function startRig(t: TestContext, opts: RigOptions = {}): Promise<Rig> {
  const sipPort = await freePort();
  const adminPort = await freePort();
  const engine = await startEngine({
    contacts: [
      { transport: 'udp', host: '127.0.0.1', port: sipPort },
      { transport: 'tcp', host: '127.0.0.1', port: sipPort },
    ],
    admin: { address: '127.0.0.1', port: adminPort, secret: SECRET },
    ...(opts.timers ? { timers: opts.timers } : {}),
    logLevel: 'warn',
  });
  const cleanups: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of cleanups.reverse()) fn();
    await engine.stop();
  });
  const target = `127.0.0.1:${sipPort}`;

  const sipp: Rig['sipp'] = async (o) => {
    const proc = await startSipp(o);
    cleanups.push(() => proc.kill());
    return proc;
  };

  return {
    engine, sipPort, target, sipp,
    async connectApp() {
      const srf = new Srf();
      // srf emits 'error' on socket trouble; unhandled it would crash the test process.
      srf.on('error', (err) => t.diagnostic(`srf error: ${err.message}`));
      void srf.connect({ host: '127.0.0.1', port: adminPort, secret: SECRET });
      await withTimeout(once(srf, 'connect'), 5000, 'srf connect');
      cleanups.push(() => srf.disconnect());
      return srf;
    },
    async runUac(o) {
      const result = await (await sipp({ ...o, remote: target })).done;
      assertSippOk(result, 'UAC');
      return result;
    },
    async expectNoDialogs() {
      await waitFor(() => engine.stats().activeDialogs === 0, 5000).catch(() => undefined);
      assert.equal(engine.stats().activeDialogs, 0, 'dialogs left behind in the engine');
    },
  };
}

/** Both transports, for `for (const transport of TRANSPORTS) test(...)`. */
export const TRANSPORTS: readonly SipTransport[] = ['udp', 'tcp'];

/** Polls `cond` every 20 ms until true; rejects after `ms`. */
export async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Rejects with a message naming `what` if `p` takes longer than `ms`. */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

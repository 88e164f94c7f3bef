// Finds phones whose connection is gone. drachtio-srf apps are not told when a WebSocket or
// TCP/TLS connection closes, so a browser tab that dies leaves its binding until it expires
// (up to an hour). Every `intervalSec` each live connection-bound contact gets an OPTIONS;
// no answer within `timeoutSec`, a request that can not be sent (the engine has no
// connection for it), or 408 / 430 / 503 (the engine's own answers for a dead flow) marks the
// contact dead and `onDead` unbinds it. Any other answer, 404 and 405 included, means the
// phone is there. UDP contacts are not pinged: they have no connection to lose and expire.
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { RegistrationsRepository } from '../db/registrations.repository.js';
import type { Registration } from '../db/registrations.types.js';

export interface KeepaliveOptions {
  /** Seconds between rounds of pings (default 15). */
  intervalSec: number;
  /** Seconds to wait for an answer (default 5). */
  timeoutSec: number;
}

export const defaultKeepalive: KeepaliveOptions = { intervalSec: 15, timeoutSec: 5 };

/** Statuses that say the flow to the phone is gone rather than that the phone answered. */
const deadStatuses = new Set([408, 430, 503]);

export interface ContactKeepaliveDeps {
  srf: Srf;
  registrations: Pick<RegistrationsRepository, 'liveConnected'>;
  logger: Logger;
  /** Called once per dead contact with why; unbinds it. */
  onDead(contact: Registration, why: string): Promise<void>;
}

/** The subset of srf.request used here; its bundled typings declare another signature. */
type SendRequest = (uri: string, opts: { method: string; headers: Record<string, string> }) => Promise<Srf.SrfRequest>;

export function startContactKeepalive(deps: ContactKeepaliveDeps, options: Partial<KeepaliveOptions> = {}): { stop(): void } {
  const { intervalSec, timeoutSec } = { ...defaultKeepalive, ...options };
  const send = deps.srf.request.bind(deps.srf) as unknown as SendRequest;

  async function ping(c: Registration): Promise<void> {
    const why = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(`no answer to OPTIONS within ${timeoutSec} s`), timeoutSec * 1000);
      const done = (v: string | undefined): void => { clearTimeout(timer); resolve(v); };
      send(c.contact, { method: 'OPTIONS', headers: { To: `<${c.aor}>` } }).then((req) => {
        req.on('response', (res) => {
          if (res && res.status >= 200) done(deadStatuses.has(res.status) ? `OPTIONS answered ${res.status}` : undefined);
        });
      }, (err: unknown) => done(`OPTIONS could not be sent: ${err instanceof Error ? err.message : String(err)}`));
    });
    // A ping still out when the registrar stopped (the center shutting down) decides nothing.
    if (why && !stopped) await deps.onDead(c, why);
  }

  async function round(): Promise<void> {
    const contacts = await deps.registrations.liveConnected();
    await Promise.all(contacts.map((c) => ping(c).catch((err: unknown) => {
      deps.logger.error({ err, aor: c.aor, contact: c.contact }, 'contact keepalive failed');
    })));
  }

  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    // A round still waiting on its timeouts is not stacked upon.
    if (running) return;
    running = true;
    round().catch((err: unknown) => deps.logger.error({ err }, 'contact keepalive round failed')).finally(() => { running = false; });
  }, intervalSec * 1000);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

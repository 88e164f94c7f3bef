// Keeps NAT'd UDP phones reachable between registrations. A NAT forgets an idle UDP mapping
// after 30 s to a few minutes, while a desk phone refreshes its registration once an hour: an
// agent who sat idle that long could no longer be called. Like Kamailio's nathelper natping,
// every `intervalSec` each live UDP binding whose Contact is not its source gets an OPTIONS at
// the NAT mapping (natRoute); the packets through the mapping keep it open. The answer (or its
// absence: UDP loses packets) decides nothing — the binding lives until it expires or its
// phone unregisters; a dead phone is found by the call that times out.
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { RegistrationsRepository } from '../db/registrations.repository.js';
import { natRoute } from './nat-route.js';

export interface NatKeepaliveDeps {
  srf: Srf;
  registrations: Pick<RegistrationsRepository, 'liveUdp'>;
  logger: Logger;
}

/** The subset of srf.request used here; its bundled typings declare another signature. */
type SendRequest = (uri: string, opts: { method: string; headers: Record<string, string>; proxy: string }) => Promise<Srf.SrfRequest>;

export function startNatKeepalive(deps: NatKeepaliveDeps, intervalSec: number): { stop(): void } {
  const send = deps.srf.request.bind(deps.srf) as unknown as SendRequest;

  async function round(): Promise<void> {
    for (const c of await deps.registrations.liveUdp()) {
      const proxy = natRoute(c);
      if (!proxy) continue;
      send(c.contact, { method: 'OPTIONS', headers: { To: `<${c.aor}>` }, proxy }).then((req) => {
        req.on('response', () => undefined);
      }, (err: unknown) => deps.logger.debug({ err, aor: c.aor, contact: c.contact }, 'NAT keepalive not sent'));
    }
  }

  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    round().catch((err: unknown) => deps.logger.error({ err }, 'NAT keepalive round failed')).finally(() => { running = false; });
  }, intervalSec * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

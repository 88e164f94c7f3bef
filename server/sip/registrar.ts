// The registrar: an ordinary drachtio-srf REGISTER handler, so it runs against the engine or
// a real drachtio-server. Per request: drop if the source is blocked, reject scanners, parse,
// authenticate by digest against the agent's HA1, check the agent registers its own AOR, then
// bind / unbind in Postgres and answer 200 with every live contact and its expiry. The
// expiry in the 200 is what makes the SIP front cache a WebSocket or TCP phone's connection.
// When an AOR's last binding goes (un-REGISTER, expiry sweep, or a dead connection found by
// the contact keepalive) the registrar emits `bindings-gone`, so the ACD stops offering calls.
import { EventEmitter } from 'node:events';
import Srf from 'drachtio-srf';
import { defaultKeepalive, startContactKeepalive } from './contact-keepalive.js';
import { startNatKeepalive } from './nat-keepalive.js';
import { DigestAuthenticator } from './digest-auth.js';
import { NonceStore } from './nonce-store.js';
import { parseRegister, RegisterError, type RegisterRequest } from './register-request.js';
import type { BindingsGoneCause, Registrar, RegistrarEvents, RegistrarOptions } from './registrar.types.js';
import { SecurityGuard } from './security-guard.js';
import type { ContactBinding, CurrentContact } from '../db/registrations.types.js';

export type { BindingsGoneCause, Registrar, RegistrarEvents, RegistrarOptions } from './registrar.types.js';

/** A day: phones reuse a nonce (nc counting up) across refreshes; see RegistrarOptions.nonceTtlSec. */
export const defaultNonceTtlSec = 86_400;

export function installRegistrar(srf: Srf, opts: RegistrarOptions): Registrar {
  const { repos, logger, realm } = opts;
  const minExpires = opts.minExpires ?? 60;
  const maxExpires = opts.maxExpires ?? 3600;
  const defaultExpires = Math.min(opts.defaultExpires ?? 3600, maxExpires);
  const nonces = new NonceStore({ ttlSec: opts.nonceTtlSec ?? defaultNonceTtlSec, ...(opts.nonceSecret ? { secret: opts.nonceSecret } : {}) });
  const guard = new SecurityGuard(logger, opts.guard);
  const authenticator = new DigestAuthenticator({
    realm, nonces, guard, algorithm: opts.algorithm ?? 'MD5',
    // The agent's own HA1 (desk phones) or a live browser session's (GET /api/me/sip).
    lookup: (username) => repos.sipCredentials.findDigestCredentials(username),
  });
  const aorOf = (user: string): string => `sip:${user}@${realm}`;
  const events = new EventEmitter<RegistrarEvents>();

  /** Emits bindings-gone for each AOR (once) that has no live contact left. */
  async function announceGone(aors: Iterable<string>, cause: BindingsGoneCause): Promise<void> {
    for (const aor of new Set(aors)) {
      if ((await repos.registrations.current(aor)).length > 0) continue;
      const username = aor.slice(4, aor.lastIndexOf('@'));
      logger.info({ aor, cause }, 'sip bindings gone');
      try {
        events.emit('bindings-gone', { aor, username, cause });
      } catch (err) {
        logger.error({ err, aor }, 'bindings-gone listener failed');
      }
    }
  }

  async function unbindDead(aor: string, contact: string, why: string): Promise<void> {
    if ((await repos.registrations.unbind(aor, [contact])) === 0) return;
    logger.info({ aor, contact, reason: why }, 'unreachable contact unbound');
    await announceGone([aor], 'unreachable');
  }

  /** False when the request was dropped (blocked source) or refused (scanner). */
  function admit(req: Srf.SrfRequest, res: Srf.SrfResponse): boolean {
    const ip = req.source_address;
    // Blocked: no answer at all, so a scanner learns nothing and costs us nothing.
    if (guard.isBlocked(ip)) return false;
    if (!guard.isScanner(req.get('User-Agent'))) return true;
    guard.fail(ip, userOf(req), 'scanner-user-agent');
    if (req.method !== 'ACK') res.send(403, 'Forbidden', {});
    return false;
  }

  async function handle(req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> {
    const ip = req.source_address;
    if (!admit(req, res)) return;
    const reg = parseRegister(req);
    const auth = await authenticator.authenticate({ method: 'REGISTER', uri: req.uri, authorization: req.get('Authorization'), sourceAddress: ip, callId: reg.callId });
    if (auth.kind === 'challenge') return res.send(401, 'Unauthorized', { headers: { 'WWW-Authenticate': auth.wwwAuthenticate } });
    if (auth.kind === 'forbidden') return res.send(403, 'Forbidden', {});
    if (auth.credentials.username !== reg.user) {
      guard.fail(ip, auth.credentials.username, 'user-mismatch');
      return res.send(403, 'Forbidden (credentials do not match the To user)', {});
    }
    const tooBrief = reg.contacts.map((c) => c.expires ?? reg.expires ?? defaultExpires).some((e) => e > 0 && e < minExpires);
    if (tooBrief) return res.send(423, 'Interval Too Brief', { headers: { 'Min-Expires': String(minExpires) } });
    const current = await apply(reg, ip, Number(req.source_port), auth.credentials.sessionTokenId ?? null);
    const headers: Record<string, string> = current.length ? { Contact: current.map((c) => `<${c.contact}>;expires=${c.expires}`).join(', ') } : {};
    res.send(200, 'OK', { headers });
  }

  async function apply(reg: RegisterRequest, sourceAddress: string, sourcePort: number, sessionTokenId: string | null): Promise<CurrentContact[]> {
    const aor = aorOf(reg.user);
    if (reg.wildcard) {
      await repos.registrations.unbindAll(aor);
      logger.info({ aor, sourceAddress }, 'sip unregister all');
      await announceGone([aor], 'unregister');
      return [];
    }
    const removed: string[] = [];
    const bindings: ContactBinding[] = [];
    for (const c of reg.contacts) {
      const expires = Math.min(c.expires ?? reg.expires ?? defaultExpires, maxExpires);
      if (expires === 0) removed.push(c.uri);
      else bindings.push({
        aor, username: reg.user, contact: c.uri, transport: reg.transport, sourceAddress, sourcePort,
        userAgent: reg.userAgent, callId: reg.callId, cseq: reg.cseq, expiresSeconds: expires, sessionTokenId,
        instanceId: c.instanceId ?? null, regId: c.regId ?? null,
      });
    }
    // RFC 5626 basics: the same phone instance (and reg-id) on a new Contact has rebooted; its
    // old binding is dead and must not be rung.
    for (const b of bindings) {
      if (!b.instanceId) continue;
      const stale = await repos.registrations.replaceInstance(aor, b.contact, b.instanceId, b.regId ?? null);
      if (stale.length) logger.info({ aor, contact: b.contact, instance: b.instanceId, replaced: stale }, 'sip binding of a rebooted phone replaced');
    }
    if (removed.length) {
      await repos.registrations.unbind(aor, removed);
      logger.info({ aor, contacts: removed }, 'sip unregister');
    }
    const current = await repos.registrations.bind(aor, bindings);
    if (removed.length && current.length === 0) await announceGone([aor], 'unregister');
    return current;
  }

  srf.use('register', (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof RegisterError) return res.send(err.status, err.reason, {});
      logger.error({ err, callId: req.get('Call-ID') }, 'registrar failed');
      if (!res.finalResponseSent) res.send(500, 'Server Internal Error', {});
    });
  });

  const sweeper = setInterval(() => {
    repos.registrations.sweep().then(async (aors) => {
      if (!aors.length) return;
      logger.debug({ swept: aors.length }, 'expired registrations removed');
      await announceGone(aors, 'expired');
    }).catch((err: unknown) => logger.error({ err }, 'registration sweep failed'));
    nonces.sweep();
  }, opts.sweepIntervalMs ?? 30_000);
  sweeper.unref();
  const keepalive = opts.keepalive === false ? undefined : startContactKeepalive({
    srf, registrations: repos.registrations, logger,
    onDead: (c, why) => unbindDead(c.aor, c.contact, why),
  }, opts.keepalive);
  const natKeepalive = opts.keepalive === false ? undefined : startNatKeepalive({ srf, registrations: repos.registrations, logger }, opts.keepalive?.intervalSec ?? defaultKeepalive.intervalSec);

  return {
    guard, authenticator, aorOf, events, unbindDead,
    screen: (req, res, next) => { if (admit(req, res)) next(); },
    close: () => {
      clearInterval(sweeper);
      keepalive?.stop();
      natKeepalive?.stop();
    },
  };
}

/** The To user for log lines about requests we do not parse further. */
function userOf(req: Srf.SrfRequest): string {
  return /sips?:([^@;>]+)@/i.exec(req.get('To') ?? '')?.[1] ?? '';
}

// Ringing a user: every live contact of the AOR gets an INVITE at once (parallel fork); the
// first to answer wins and the others get CANCEL (a late second answer is hung up). A
// contact whose connection is gone fails fast in the SIP front and is unbound on the spot,
// so a dead WebSocket never holds up a call and is not rung again.
import Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { RegistrationsRepository } from '../db/registrations.repository.js';
import type { Registration } from '../db/registrations.types.js';
import { natRoute } from './nat-route.js';

export interface CallUserOptions {
  localSdp: string;
  /** Extra headers for every INVITE (From, P-Asserted-Identity, …). To is the AOR unless given. */
  headers?: Record<string, string>;
  /** Seconds to ring before CANCELling everything (default 30). */
  ringTimeoutSec?: number;
  /** Aborting CANCELs every leg (the caller hung up, the offer moved on). */
  signal?: AbortSignal;
  /** Told of every leg that ends without answering: its SIP status (487 after our CANCEL), 0 if never sent. */
  onLegFailed?: (contact: Registration, status: number) => void;
  /**
   * Unbinds a contact whose INVITE could not be sent (its connection is gone). Pass the
   * registrar's `unbindDead` so the ACD hears when that was the agent's last binding; without
   * it the binding is deleted directly and nobody is told.
   */
  unbind?: (aor: string, contact: string, why: string) => Promise<void>;
  logger?: Logger;
}

export interface AnsweredCall {
  dialog: Srf.Dialog;
  contact: Registration;
}

/**
 * Why nobody answered, as a SIP status: 480 no live contact or none reachable, 408 no answer
 * within the ring timeout, 487 aborted, else the most telling final status of the legs
 * (603 decline, 486/600 busy, or the first one).
 */
export class CallUserError extends Error {
  /** `contact`: the first Contact of a 3xx answer (the phone forwards its calls there). */
  constructor(readonly status: number, message: string, readonly contact?: string) {
    super(message);
  }
}

interface Leg {
  contact: Registration;
  req?: Srf.SrfRequest;
  cancel: boolean;
  /** A final response arrived (or the INVITE never went out): nothing left to cancel. */
  ended: boolean;
}

/** Rings all live contacts of `aor` (`sip:user@realm`); resolves with the answering dialog. */
export async function callUser(srf: Srf, registrations: RegistrationsRepository, aor: string, opts: CallUserOptions): Promise<AnsweredCall> {
  const contacts = await registrations.live(aor);
  if (contacts.length === 0) throw new CallUserError(480, `no registered contact for ${aor}`);
  const legs: Leg[] = contacts.map((contact) => ({ contact, cancel: false, ended: false }));
  const cancel = (leg: Leg): void => {
    leg.cancel = true;
    if (!leg.req || leg.ended) return; // cbRequest cancels it as soon as the INVITE is out
    try {
      leg.req.cancel(() => undefined);
    } catch (err) {
      opts.logger?.warn({ err, contact: leg.contact.contact }, 'cancel failed');
    }
  };

  return new Promise<AnsweredCall>((resolve, reject) => {
    let settled = false;
    const failures: number[] = [];
    let redirect: string | undefined;
    const giveUp = (status: number, why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      legs.forEach(cancel);
      reject(new CallUserError(status, why, status >= 300 && status < 400 ? redirect : undefined));
    };
    const timer = setTimeout(() => giveUp(408, `no answer from ${aor} within ${opts.ringTimeoutSec ?? 30} s`), (opts.ringTimeoutSec ?? 30) * 1000);
    const onAbort = (): void => giveUp(487, `call to ${aor} cancelled`);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    for (const leg of legs) {
      const uacOpts: Srf.CreateUACOptions = { localSdp: opts.localSdp, headers: { To: `<${aor}>`, ...opts.headers }, ...natProxy(leg.contact) };
      srf.createUAC(leg.contact.contact, uacOpts, { cbRequest: requestSent((req) => {
        leg.req = req;
        if (leg.cancel) cancel(leg);
      }) }).then((dialog) => {
        leg.ended = true;
        if (settled) {
          dialog.destroy();
          return;
        }
        settled = true;
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        for (const other of legs) if (other !== leg) cancel(other);
        resolve({ dialog, contact: leg.contact });
      }, (err: unknown) => {
        leg.ended = true;
        const status = sipStatus(err);
        failures.push(status ?? 0);
        redirect ??= redirectContact(err);
        opts.onLegFailed?.(leg.contact, status ?? 0);
        if (status === undefined) void unbindDead(registrations, leg.contact, err, opts);
        if (failures.length === legs.length) giveUp(overallStatus(failures), `no contact of ${aor} answered (${failures.join(', ')})`);
      });
    }
  });
}

/** drachtio-srf calls cbRequest(err, req), though its types declare cbRequest(req). */
function requestSent(fn: (req: Srf.SrfRequest) => void): (req: Srf.SrfRequest) => void {
  const callback = (err: unknown, req?: Srf.SrfRequest): void => {
    if (!err && req) fn(req);
  };
  return callback as unknown as (req: Srf.SrfRequest) => void;
}

/** A UDP phone whose Contact is not where its REGISTER came from is behind NAT: route via the source. */
function natProxy(c: Registration): { proxy?: string } {
  const proxy = natRoute(c);
  return proxy ? { proxy } : {};
}

/** The URI of the first Contact of a 3xx answer (drachtio-srf puts the response on the error). */
function redirectContact(err: unknown): string | undefined {
  const status = sipStatus(err);
  if (status === undefined || status < 300 || status >= 400 || typeof err !== 'object' || err === null || !('res' in err)) return undefined;
  const res = err.res as { get?: (name: string) => string | undefined };
  const contact = typeof res.get === 'function' ? res.get('Contact') : undefined;
  if (!contact) return undefined;
  return (/<([^>]+)>/.exec(contact)?.[1] ?? contact.split(/[;,]/)[0] ?? '').trim() || undefined;
}

/** 0 stands for a leg that could not be sent at all. */
function overallStatus(failures: number[]): number {
  for (const telling of [603, 486, 600]) if (failures.includes(telling)) return telling;
  return failures.find((s) => s > 0) ?? 480;
}

function sipStatus(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number') return err.status;
  return undefined;
}

/** The INVITE could not even be sent (connection gone): that binding is dead. */
async function unbindDead(registrations: RegistrationsRepository, c: Registration, err: unknown, opts: CallUserOptions): Promise<void> {
  if (c.transport === 'udp') return;
  const why = err instanceof Error ? err.message : String(err);
  try {
    if (opts.unbind) return await opts.unbind(c.aor, c.contact, why);
    await registrations.unbind(c.aor, [c.contact]);
    opts.logger?.info({ aor: c.aor, contact: c.contact, reason: why }, 'unreachable contact unbound');
  } catch (e) {
    opts.logger?.error({ err: e }, 'unbinding unreachable contact failed');
  }
}

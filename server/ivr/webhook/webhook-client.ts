// The HTTP side of the webhook verb: one POST of JSON, its answer parsed as JSON, every way of
// failing turned into a short problem (never a throw), so a webhook's failure is its call's
// fallback branch and nothing more. Bounded: the whole exchange (DNS, connect, answer) within
// the node's timeout, an answer of at most MAX_REPLY_BYTES, no redirect followed, no
// connection kept; the call hanging up aborts it. Addresses are checked by webhook-address.ts
// — IP literals before connecting, host names on every address they resolve to.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusedAddress, urlHost, type TargetPolicy } from './webhook-address.js';

export const MAX_REPLY_BYTES = 64 * 1024;

export interface HookRequest {
  url: string;
  /** The JSON body, as sent (the signature covers these bytes). */
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** How a webhook failed: the path step's result ('failed:timeout'); `problem` says more, for the log. */
export type HookFailure = 'timeout' | 'status' | 'too-large' | 'not-json' | 'refused' | 'network' | 'call-ended';

export type HookResponse = { ok: true; status: number; json: unknown } | { ok: false; failure: HookFailure; problem: string };

const failed = (failure: HookFailure, problem: string): HookResponse => ({ ok: false, failure, problem });

/** Posts one webhook request; resolves (never rejects) by timeoutMs or when `signal` aborts. */
export type HookPoster = (request: HookRequest, signal: AbortSignal) => Promise<HookResponse>;

class RefusedAddressError extends Error {}

/** dns.lookup, then every address checked: one refused address refuses the name. */
function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { family: options.family ?? 0, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => refusedAddress(a.address, policy)).find((why) => why !== undefined);
      const first = addresses[0];
      if (refused !== undefined || !first) return callback(new RefusedAddressError(refused ?? `${hostname} has no address`), '', 0);
      if (options.all) (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

export function webhookClient(policy: TargetPolicy): HookPoster {
  const lookup = guardedLookup(policy);
  return (hook, signal) => new Promise<HookResponse>((resolve) => {
    const url = new URL(hook.url);
    const host = urlHost(url);
    const refused = isIP(host) !== 0 ? refusedAddress(host, policy) : undefined;
    if (refused !== undefined) return resolve(failed('refused', refused));
    if (signal.aborted) return resolve(failed('call-ended', 'call ended'));
    let settled = false;
    const done = (response: HookResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(response);
    };
    const onAbort = (): void => done(failed('call-ended', 'call ended'));
    const headers = { ...hook.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(hook.body)) };
    const request = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers, lookup, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) return done(failed('status', `status ${status}`));
      if (Number(res.headers['content-length'] ?? 0) > MAX_REPLY_BYTES) return done(failed('too-large', `reply over ${MAX_REPLY_BYTES} bytes`));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) done(failed('too-large', `reply over ${MAX_REPLY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return done(failed('not-json', 'reply is not JSON'));
        }
        done({ ok: true, status, json });
      });
      res.on('error', (err) => done(failed('network', err.message)));
    });
    request.on('error', (err: NodeJS.ErrnoException) => {
      done(err instanceof RefusedAddressError ? failed('refused', err.message) : failed('network', err.code ?? err.message));
    });
    const timer = setTimeout(() => done(failed('timeout', `no answer within ${hook.timeoutMs} ms`)), hook.timeoutMs);
    signal.addEventListener('abort', onAbort);
    request.end(hook.body);
  });
}

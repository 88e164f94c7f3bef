// What the engine and its apps can do, said once: the SIP methods we know and allow, the
// option tags we support. Every Allow, Supported and Unsupported header the engine writes, and
// every 405/420/501 it answers, comes from these lists, so the engine never claims one thing
// in an OPTIONS answer and does another to an INVITE (RFC 3261 §8.2.1, §8.2.2.3, §11.2).
import type { SipMessage, SipRequest } from '../sip/message.js';

/** Every method a SIP RFC defines (IANA's registry); anything else gets 501. */
const sipMethods = new Set(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REGISTER', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'INFO', 'REFER', 'MESSAGE', 'UPDATE']);

/**
 * Methods always allowed: the session's own (RFC 3261) and INFO, which drachtio-srf dialogs
 * take. Not PRACK: a UAC learns it may PRACK from `Supported: 100rel` (RFC 3262 §3), and a
 * PRACK is only ever taken inside an early dialog. Not UPDATE (session refreshes then come as
 * re-INVITEs), not REFER or MESSAGE (refused in calls until transfer is built).
 */
const alwaysAllowed = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO'];

/**
 * Option tags a request to us may Require (RFC 3261 §19.2), listed in Supported on our answers.
 * `timer`: RFC 4028 session timers, run by the engine (dialog/session-timer.ts) or, for
 * dialogs whose app writes Session-Expires, by the app (Switchboard's
 * server/sip/calls/session-timer*.ts). `100rel`: reliable provisionals as UAS
 * (transaction/reliable-provisionals.ts; a UAC that Requires it gets every 1xx reliably).
 * Add a tag here only when it works end to end. Were the list empty, answers would carry
 * no Supported header: RFC 3261 allows an empty one, but belle-sip's grammar wants a token.
 */
export const uasOptionTags: readonly string[] = ['timer', '100rel'];

/**
 * Option tags our INVITEs list in Supported: what we take in their responses. `100rel`: the
 * engine keeps a reliable provisional's early dialog and drachtio-srf's createUAC PRACKs it.
 */
export const uacOptionTags: readonly string[] = ['100rel'];

/** Body types an INVITE or OPTIONS may carry to us. */
export const acceptedBodies = 'application/sdp';

export function isSipMethod(method: string): boolean {
  return sipMethods.has(method);
}

/**
 * The Allow list: the methods always allowed plus those apps routed outside dialogs (REGISTER
 * when a registrar is connected, SUBSCRIBE when an app serves event packages...).
 */
export function allowedMethods(routedVerbs: Iterable<string>): string[] {
  const out = [...alwaysAllowed];
  for (const v of routedVerbs) {
    const m = v.toUpperCase();
    if (sipMethods.has(m) && !out.includes(m)) out.push(m);
  }
  return out;
}

/** Option tags in the request's Require headers that we do not support, each once, as first written. */
export function unsupportedRequired(req: SipRequest): string[] {
  const tags = req.getAll('require').flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean);
  const seen = new Map<string, string>();
  for (const t of tags) if (!seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), t);
  return [...seen].filter(([lower]) => !uasOptionTags.includes(lower)).map(([, written]) => written);
}

/**
 * Adds Allow and Accept (OPTIONS) unless the app already put its own: drachtio-srf apps may set
 * them, and one of each is enough. Supported (ours as UAC on a request, as UAS on an answer) is
 * merged with the app's: an app that says `Supported: timer` on its INVITE must not lose the
 * engine's `100rel`, which is the engine's to offer.
 */
export function addCapabilities(msg: SipMessage, allow: string[], opts: { accept?: boolean } = {}): void {
  const tags = msg.kind === 'request' ? uacOptionTags : uasOptionTags;
  if (!msg.has('allow')) msg.add('allow', allow.join(', '));
  const written = msg.getAll('supported').flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean);
  const merged = [...written, ...tags.filter((t) => !written.some((w) => w.toLowerCase() === t))];
  if (merged.length > written.length) msg.set('supported', merged.join(', '));
  if (opts.accept && !msg.has('accept')) msg.add('accept', acceptedBodies);
}

// Reads what the registrar needs out of a REGISTER and rejects malformed ones with the SIP
// status and reason to send (400 Bad Request with what is wrong). RFC 3261 §10.3.
import Srf from 'drachtio-srf';
import type { RegistrationTransport } from '../db/registrations.types.js';

export class RegisterError extends Error {
  constructor(readonly status: number, readonly reason: string) {
    super(`${status} ${reason}`);
  }
}

export interface RequestedContact {
  /** The URI exactly as sent, without angle brackets. */
  uri: string;
  /** The contact's own expires parameter, if any. */
  expires?: number;
  /** Its +sip.instance (RFC 5626/5627), lower-cased, without the quotes and angle brackets. */
  instanceId?: string;
  /** Its RFC 5626 reg-id, only with an instance. */
  regId?: number;
}

export interface RegisterRequest {
  /** User part of the To URI: whose bindings these are. */
  user: string;
  /** `Contact: *` (only valid with Expires: 0). */
  wildcard: boolean;
  contacts: RequestedContact[];
  /** The Expires header, if any. */
  expires?: number;
  callId: string;
  cseq: number;
  userAgent: string;
  transport: RegistrationTransport;
}

const maxExpires = 0xffffffff;

function seconds(value: string, what: string): number {
  if (!/^\d{1,10}$/.test(value.trim()) || Number(value) > maxExpires) throw new RegisterError(400, `Bad Request (${what} is not a number of seconds)`);
  return Number(value);
}

/** ws/wss connections are reported as tcp/tls by drachtio; the Via says which it is. */
function transportOf(req: Srf.SrfRequest): RegistrationTransport {
  const meta = (req.protocol ?? '').toLowerCase();
  const via = (/^SIP\/2\.0\/([A-Z]+)/i.exec(req.get('Via') ?? '')?.[1] ?? '').toLowerCase();
  if ((via === 'ws' && meta === 'tcp') || (via === 'wss' && meta === 'tls')) return via;
  if (meta === 'udp' || meta === 'tcp' || meta === 'tls') return meta;
  throw new RegisterError(400, `Bad Request (unknown transport ${meta})`);
}

/** +sip.instance and reg-id of one Contact; a malformed one is a 400 naming it. */
function instanceOf(params: Record<string, unknown>): Pick<RequestedContact, 'instanceId' | 'regId'> {
  const raw = params['+sip.instance'];
  if (raw === undefined) return {};
  const instance = typeof raw === 'string' ? /^"?<?([^<>"]*)>?"?$/.exec(raw.trim())?.[1] : undefined;
  if (!instance || !/^urn:[a-z0-9][a-z0-9-]{0,31}:[\x21-\x7e]{1,200}$/i.test(instance)) throw new RegisterError(400, 'Bad Request (+sip.instance must be a URN)');
  const regId = params['reg-id'];
  if (regId === undefined) return { instanceId: instance.toLowerCase() };
  if (typeof regId !== 'string' || !/^[1-9]\d{0,9}$/.test(regId) || Number(regId) > 0x7fffffff) throw new RegisterError(400, 'Bad Request (reg-id)');
  return { instanceId: instance.toLowerCase(), regId: Number(regId) };
}

export function parseRegister(req: Srf.SrfRequest): RegisterRequest {
  const to = req.get('To');
  const user = to ? Srf.parseUri(/<([^>]*)>/.exec(to)?.[1] ?? to.split(';')[0] ?? '')?.user : undefined;
  if (!user) throw new RegisterError(400, 'Bad Request (To has no user)');
  const cseq = /^\s*(\d{1,10})\s+REGISTER\s*$/i.exec(req.get('CSeq') ?? '');
  if (!cseq?.[1]) throw new RegisterError(400, 'Bad Request (CSeq)');
  const callId = req.get('Call-ID');
  if (!callId) throw new RegisterError(400, 'Bad Request (Call-ID)');
  const expiresHeader = req.get('Expires');
  const expires = expiresHeader === undefined || expiresHeader === '' ? undefined : seconds(expiresHeader, 'Expires');
  const raw = (req.get('Contact') ?? '').trim();
  const base = { user, callId, cseq: Number(cseq[1]), userAgent: (req.get('User-Agent') ?? '').slice(0, 200), transport: transportOf(req), ...(expires === undefined ? {} : { expires }) };
  if (raw === '*') {
    if (expires !== 0) throw new RegisterError(400, 'Bad Request (Contact: * needs Expires: 0)');
    return { ...base, wildcard: true, contacts: [] };
  }
  if (raw === '') return { ...base, wildcard: false, contacts: [] };
  if (raw.startsWith('*')) throw new RegisterError(400, 'Bad Request (Contact: * must stand alone)');
  let parsed: Srf.AOR[];
  try {
    parsed = req.getParsedHeader('Contact');
  } catch {
    throw new RegisterError(400, 'Bad Request (Contact can not be parsed)');
  }
  const contacts = parsed.map((c): RequestedContact => {
    if (typeof c.uri !== 'string' || !/^sips?:[^\s<>"]+$/i.test(c.uri) || !Srf.parseUri(c.uri)?.host) {
      throw new RegisterError(400, 'Bad Request (Contact URI)');
    }
    const e: unknown = c.params?.expires;
    return { uri: c.uri, ...(typeof e === 'string' ? { expires: seconds(e, 'contact expires') } : {}), ...instanceOf(c.params ?? {}) };
  });
  return { ...base, wildcard: false, contacts };
}

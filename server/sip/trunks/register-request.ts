// Sends one REGISTER (or un-REGISTER, expires 0) for a trunk through drachtio-srf and reduces
// the carrier's final answer to what the registration state machine needs. srf answers the
// 401/407 digest challenge itself (options.auth); we only refuse a challenge whose realm is
// not the trunk's register_realm, when one is set, so the password goes to no one else.
import type Srf from 'drachtio-srf';

export interface RegisterTarget {
  /** sip:host:port;transport=… of the registrar. */
  registrarUri: string;
  /** The address of record: sip:username@host. */
  aor: string;
  /** Our Contact, host `localhost` (the engine writes its own address there). */
  contact: string;
  username: string;
  password: string;
  realm: string | null;
  /** sip:host:port of the outbound proxy the REGISTER goes through, if any. */
  proxy: string | null;
}

export interface RegisterDialog { callId: string; cseq: number }

export type RegisterOutcome =
  | { kind: 'ok'; status: number; expiresSec: number }
  | { kind: 'too-brief'; status: 423; minExpiresSec: number }
  | { kind: 'failed'; status: number | null; reason: string };

type AuthCallback = (err: Error | null, username?: string, password?: string) => void;
interface SendOptions {
  method: string;
  headers: Record<string, string>;
  auth: (req: Srf.SrfRequest, res: Srf.SrfResponse, cb: AuthCallback) => void;
  proxy?: string;
}
/** srf.request(uri, opts) as it runs; its bundled typings declare another signature. */
type Send = (uri: string, opts: SendOptions) => Promise<Srf.SrfRequest>;

const realmOf = (challenge: string | undefined) => /realm\s*=\s*"([^"]*)"/i.exec(challenge ?? '')?.[1];

/** The granted lifetime: our Contact's expires parameter, else the Expires header, else what we asked. */
export function grantedExpires(res: Pick<Srf.SrfResponse, 'get'>, contactUser: string, asked: number): number {
  const contacts = (res.get('Contact') ?? '').split(/,(?=\s*<)/);
  const ours = contacts.find((c) => c.includes(`sip:${contactUser}@`));
  const param = /;\s*expires\s*=\s*(\d+)/i.exec(ours ?? '')?.[1];
  const header = /^\s*(\d+)\s*$/.exec(res.get('Expires') ?? '')?.[1];
  const v = Number(param ?? header ?? asked);
  return Number.isFinite(v) ? v : asked;
}

export function sendRegister(srf: Srf, target: RegisterTarget, dialog: RegisterDialog, expiresSec: number, timeoutMs: number): Promise<RegisterOutcome> {
  const send = srf.request.bind(srf) as unknown as Send;
  const contactUser = /^<?sip:([^@]+)@/.exec(target.contact)?.[1] ?? '';
  return new Promise<RegisterOutcome>((resolve) => {
    let settled = false;
    const finish = (o: RegisterOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const timer = setTimeout(() => finish({ kind: 'failed', status: null, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    timer.unref();
    const opts: SendOptions = {
      method: 'REGISTER',
      headers: {
        From: `<${target.aor}>`, To: `<${target.aor}>`, Contact: `<${target.contact}>`,
        'Call-ID': dialog.callId, CSeq: `${dialog.cseq} REGISTER`, Expires: String(expiresSec),
      },
      auth: (_req, res, cb) => {
        const challenge = res.get(res.status === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate');
        const realm = realmOf(challenge);
        if (target.realm !== null && realm !== target.realm) cb(new Error(`challenge realm "${realm ?? ''}" is not the trunk's register_realm`));
        else cb(null, target.username, target.password);
      },
      ...(target.proxy ? { proxy: target.proxy } : {}),
    };
    send(target.registrarUri, opts).then((req) => {
      req.on('response', (res) => {
        if (!res || res.status < 200) return;
        // The digest retry bumped the CSeq: the next REGISTER of this Call-ID goes above it.
        dialog.cseq = Math.max(dialog.cseq, Number(/^\d+/.exec(res.get('CSeq') ?? '')?.[0] ?? dialog.cseq));
        if (res.status < 300) finish({ kind: 'ok', status: res.status, expiresSec: grantedExpires(res, contactUser, expiresSec) });
        else if (res.status === 423) {
          const min = Number(/^\s*(\d+)/.exec(res.get('Min-Expires') ?? '')?.[1]);
          if (Number.isFinite(min) && min > expiresSec) finish({ kind: 'too-brief', status: 423, minExpiresSec: min });
          else finish({ kind: 'failed', status: 423, reason: 'Interval Too Brief without a usable Min-Expires' });
        } else if (res.status === 401 || res.status === 407) finish({ kind: 'failed', status: res.status, reason: 'credentials refused (or a challenge for another realm)' });
        else finish({ kind: 'failed', status: res.status, reason: res.reason || `SIP ${res.status}` });
      });
    }, (err: unknown) => finish({ kind: 'failed', status: null, reason: `could not send: ${err instanceof Error ? err.message : String(err)}` }));
  });
}

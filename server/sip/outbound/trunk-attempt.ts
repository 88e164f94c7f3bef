// One INVITE to one trunk for an outbound call: sent to the trunk's outbound_uri (through its
// outbound_proxy when it has one) with the caller id as From and P-Asserted-Identity. A trunk
// that neither rings nor answers within the answer timeout is cancelled and counts as a
// timeout (the next trunk is tried); the caller's CANCEL cancels it too (`signal`).
import type Srf from 'drachtio-srf';

export interface TrunkTarget { outbound_uri: string; outbound_proxy: string | null }

export type AttemptResult =
  | { kind: 'answered'; dialog: Srf.Dialog }
  | { kind: 'failed'; status: number; why: string };

export interface AttemptOptions {
  sdp: string;
  /** The carrier's user part (route-plan dialString) and the caller id, E.164. */
  user: string;
  callerId: string;
  realm: string;
  answerTimeoutMs: number;
  signal: AbortSignal;
  /** 18x from the trunk, to relay to the agent's phone. */
  onRinging(status: number): void;
}

export function requestUri(trunk: TrunkTarget, user: string): string {
  const target = trunk.outbound_uri.replace(/^sips?:/i, '');
  return `sip:${user}@${target.replace(/^[^@]*@/, '')}`;
}

export function attemptTrunk(srf: Srf, trunk: TrunkTarget, opts: AttemptOptions): Promise<AttemptResult> {
  const identity = `<sip:${opts.callerId}@${opts.realm}>`;
  const uri = requestUri(trunk, opts.user);
  return new Promise<AttemptResult>((resolve) => {
    let sent: Srf.SrfRequest | undefined;
    let cancelWhy: string | undefined;
    const cancel = (why: string): void => {
      cancelWhy ??= why;
      try {
        sent?.cancel(() => undefined);
      } catch {
        // the INVITE has its final answer already: the promise settles on that
      }
    };
    const timer = setTimeout(() => cancel('timeout'), opts.answerTimeoutMs);
    const onAbort = (): void => cancel('cancelled');
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const done = (r: AttemptResult): void => {
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const uacOpts: Srf.CreateUACOptions = {
      localSdp: opts.sdp,
      headers: { From: identity, To: `<${uri.split(';')[0] ?? uri}>`, 'P-Asserted-Identity': identity },
      ...(trunk.outbound_proxy ? { proxy: `sip:${trunk.outbound_proxy.replace(/^sips?:/i, '')}` } : {}),
    };
    const cbRequest = ((err: unknown, req?: Srf.SrfRequest) => {
      if (err || !req) return;
      sent = req;
      if (cancelWhy) cancel(cancelWhy);
    }) as unknown as (req: Srf.SrfRequest) => void;
    const cbProvisional = (res: Srf.SrfResponse): void => {
      if (res.status >= 180) {
        clearTimeout(timer);
        opts.onRinging(res.status);
      }
    };
    srf.createUAC(uri, uacOpts, { cbRequest, cbProvisional }).then(
      (dialog) => {
        if (cancelWhy) {
          dialog.destroy(undefined, () => undefined);
          done({ kind: 'failed', status: cancelWhy === 'timeout' ? 408 : 487, why: cancelWhy });
        } else done({ kind: 'answered', dialog });
      },
      (err: unknown) => {
        const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 0;
        if (cancelWhy === 'timeout') done({ kind: 'failed', status: 408, why: 'no answer from the trunk in time' });
        else if (cancelWhy) done({ kind: 'failed', status: 487, why: 'cancelled by the caller' });
        else done({ kind: 'failed', status: status || 503, why: status ? `trunk answered ${status}` : `INVITE could not be sent: ${String(err)}` });
      },
    );
  });
}

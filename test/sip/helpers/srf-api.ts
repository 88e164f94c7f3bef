// drachtio-srf's bundled types disagree with its run-time signatures in a few places the tests
// use; these wrappers state the real signatures once, so the casts live here only.
import type Srf from 'drachtio-srf';

export interface RequestOptions {
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A request handler or middleware as srf.use takes it. */
export type Middleware = Parameters<Srf['use']>[1];

/** srf.request(uri, opts): declared with (uri, opts, method, body); resolves with the request as sent. */
export function sendRequest(srf: Srf, uri: string, opts: RequestOptions): Promise<Srf.SrfRequest> {
  const request = srf.request.bind(srf) as unknown as (uri: string, opts: RequestOptions) => Promise<Srf.SrfRequest>;
  return request(uri, opts);
}

/** The final response to a request sent with sendRequest. */
export function finalResponse(sent: Srf.SrfRequest): Promise<Srf.SrfResponse> {
  return new Promise((resolve) => sent.on('response', (res) => { if (res && res.status >= 200) resolve(res); }));
}

/** dialog.request(opts): declared as taking a whole SrfRequest; it reads method, headers and body. */
export function dialogRequest(dialog: Srf.Dialog, opts: RequestOptions): Promise<Srf.SrfResponse> {
  const request = dialog.request.bind(dialog) as unknown as (opts: RequestOptions) => Promise<Srf.SrfResponse>;
  return request(opts);
}

/** The SIP status carried by an srf failure (a SipError), if any. */
export function sipStatus(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : undefined;
}

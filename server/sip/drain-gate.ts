// Drain: a node being stopped for an upgrade takes no new calls and lets the calls in progress
// finish. New INVITEs get 503 with Retry-After — what Kamailio's dispatcher and carriers read
// as "try another node" — while in-dialog requests, REGISTERs and the ACD's offers for calls
// already here go on as before, so no established or waiting call is dropped.
export class DrainGate {
  #since: number | undefined;

  get draining(): boolean {
    return this.#since !== undefined;
  }

  /** Closes the gate (once; a second call keeps the first time). */
  close(now = Date.now()): void {
    this.#since ??= now;
  }
}

/** What a draining node answers to a new call. */
export const drainingRefusal = { status: 503, reason: 'Service Unavailable - draining', headers: { 'Retry-After': '30' } } as const;

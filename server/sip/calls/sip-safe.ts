// drachtio-srf calls that can fail after the fact, made safe for the call path. A BYE to a
// connection that is gone rejects (EDRACHTIO) long after the call moved on; a response sent
// after the transaction ended throws. Either must end up as a log line of that call, never as
// an unhandled rejection of the process.
import type { EventEmitter } from 'node:events';
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';

/** Sends BYE and forgets the dialog; a failure is logged, not thrown. */
export function hangUp(dialog: Srf.Dialog | undefined, log: Logger): void {
  if (!dialog) return;
  try {
    // The callback form: without one, destroy() returns a promise that nobody would catch.
    dialog.destroy(undefined, (err: unknown) => {
      if (err) log.info({ sipCallId: dialog.sip.callId, err: String(err) }, 'BYE could not be sent (the far end is gone)');
    });
  } catch (err) {
    log.info({ sipCallId: dialog.sip.callId, err: String(err) }, 'BYE could not be sent');
  }
}

/** A final response, unless one was sent already or the transaction is gone. */
export function respond(res: Srf.SrfResponse, log: Logger, status: number, reason?: string, opts: { headers?: Record<string, string>; body?: string } = {}): void {
  if (res.finalResponseSent) return;
  try {
    if (reason === undefined) res.send(status, opts);
    else res.send(status, reason, opts);
  } catch (err) {
    log.info({ status, err: String(err) }, 'response could not be sent (the transaction ended)');
  }
}

/** Dialogs can emit 'error'; an EventEmitter 'error' without a listener would throw out of the process. */
export function watchErrors(dialog: Srf.Dialog, log: Logger): void {
  (dialog as EventEmitter).on('error', (err: unknown) => log.warn({ sipCallId: dialog.sip.callId, err: String(err) }, 'dialog error'));
}

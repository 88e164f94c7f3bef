// In-dialog requests the center does not act on yet get a true answer instead of drachtio-srf's
// default 200 (which tells a phone its blind transfer happened while nothing was done): REFER
// and MESSAGE are answered `501 Not Implemented` with the reason, so the phone shows the
// transfer failed and the caller stays connected. Transfer itself is issue 12's work.
// The engine adds Allow to these 501s (its one list, without REFER or MESSAGE).
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import { respond } from './sip-safe.js';

const refused = { REFER: 'Not Implemented - transfer is not available yet', MESSAGE: 'Not Implemented - messages are not available yet' } as const;

export function refuseUnsupported(dialog: Srf.Dialog, log: Logger): void {
  for (const [method, reason] of Object.entries(refused)) {
    dialog.on(method.toLowerCase() as 'refer', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      log.info({ method, sipCallId: req.get('Call-ID') }, 'in-dialog request refused: not available yet');
      respond(res, log, 501, reason);
    });
  }
}

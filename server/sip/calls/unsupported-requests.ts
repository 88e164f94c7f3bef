// In-dialog requests the center does not act on get a true answer instead of drachtio-srf's
// default 200 (which tells a phone its blind transfer happened while nothing was done):
// MESSAGE, and REFER in the caller's dialog (a caller does not transfer the center's call;
// the agent's REFER is a transfer: transfer/refer.ts), are answered `501 Not Implemented`
// with the reason, and the call stays up. The engine adds Allow to these 501s.
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import { respond } from './sip-safe.js';

const refused = { REFER: 'Not Implemented - transfer is not available yet', MESSAGE: 'Not Implemented - messages are not available yet' } as const;

export function refuseUnsupported(dialog: Srf.Dialog, log: Logger, methods: (keyof typeof refused)[] = ['REFER', 'MESSAGE']): void {
  for (const [method, reason] of Object.entries(refused).filter(([m]) => methods.includes(m as keyof typeof refused))) {
    dialog.on(method.toLowerCase() as 'refer', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      log.info({ method, sipCallId: req.get('Call-ID') }, 'in-dialog request refused: not available yet');
      respond(res, log, 501, reason);
    });
  }
}

// sipp as a desk phone: registers with digest, stays registered for `holdMs` while the
// out-of-call scenario handles calls (answer, or ring until CANCEL), then unregisters.
// sipp exits 0 only if the register/unregister dialogue went as scripted.
import { join } from 'node:path';
import { repoRoot, startSipp, type SippProcess, type SipTransport } from '../../sip/helpers/sipp.js';

export interface DeskPhoneOptions {
  /** `host:port` of the engine. */
  target: string;
  transport: SipTransport;
  user: string;
  password: string;
  /** What the phone does with an incoming call. */
  onCall: 'answer' | 'ring';
  /** How long it stays registered before unregistering. */
  holdMs: number;
}

function sippFile(name: string): string {
  return join(repoRoot(), 'test', 'phones', 'helpers', 'sipp', name);
}

export function startDeskPhone(o: DeskPhoneOptions): Promise<SippProcess> {
  return startSipp({
    scenario: sippFile('register-hold-unregister.xml'), transport: o.transport, remote: o.target, service: o.user,
    timeoutSec: Math.ceil(o.holdMs / 1000) + 15,
    extra: ['-au', o.user, '-ap', o.password, '-d', String(o.holdMs),
      '-oocsf', sippFile(o.onCall === 'answer' ? 'ooc-answer.xml' : 'ooc-ring-cancel.xml')],
  });
}

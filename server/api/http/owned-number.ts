// A caller id the admin sets (trunk default, agent outbound) must be one of the center's own
// numbers: the API refuses any other with 400, so an outbound call never presents an
// arbitrary number (the SIP side checks again at call time: server/sip/outbound/caller-id.ts).
import type { Repositories } from '../../db/index.js';
import { badRequest } from './api-error.js';

export async function checkOwnedNumber(repos: Repositories, value: string | null | undefined, path: string): Promise<void> {
  if (!value) return;
  if (!(await repos.numbers.findByE164(value))) throw badRequest([{ path, message: 'must be one of the center\'s numbers (see /api/numbers)' }]);
}

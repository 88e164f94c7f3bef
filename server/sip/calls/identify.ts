// Who is calling: a request from an IP-authenticated trunk's address is that trunk's; anyone
// else — and anyone over WebSocket, which no carrier uses — must pass a digest challenge as a
// registered user (an internal call). Scanners and blocked addresses are refused before any
// database work. Answers the request itself when it refuses it (407, 403) and returns
// undefined then.
import type Srf from 'drachtio-srf';
import type { Registrar } from '../registrar.js';
import type { CallCenterDeps } from './call-deps.js';
import { respond } from './sip-safe.js';
import { matchTrunk } from './trunk-match.js';
import type { LimitedTrunk } from '../trunk-limits.js';
import type { TrunkMediaPolicy } from './srtp-policy.js';
import type { SipCredentials } from '../../db/agents.repository.js';

/**
 * `trunk` is the matched trunk's row (its limits as they are now), null for a phone.
 * `dialedUri`: where the dialed number is read when the Request-URI is our registered Contact
 * (the carrier's To), else the Request-URI. `credentials`: the phone's, when it authenticated.
 */
export interface CallSource { trunkId: string | null; trunk: (LimitedTrunk & TrunkMediaPolicy) | null; internal: boolean; dialedUri?: string; credentials?: SipCredentials }

export async function identify(deps: CallCenterDeps, registrar: Registrar, req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<CallSource | undefined> {
  const { repos, logger } = deps;
  const ip = req.source_address;
  const trunks = await repos.trunks.listEnabled();
  // A registration trunk's carrier calls our registered Contact; its trust is the registration.
  const bound = deps.trunkRegistrations?.byContact(req.uri, ip);
  if (bound && 'refused' in bound) {
    logger.warn({ security: 'sip', ip, sipCallId: req.get('Call-ID'), reason: bound.refused }, 'INVITE to a trunk Contact from elsewhere refused');
    respond(res, logger, 403, 'Forbidden');
    return undefined;
  }
  const registered = bound && trunks.find((t) => t.id === bound.trunkId);
  if (registered) return { trunkId: registered.id, trunk: registered, internal: false, dialedUri: /<([^>]+)>/.exec(req.get('To'))?.[1] ?? req.get('To') };
  // No carrier speaks SIP over WebSocket: a browser on a trunk's address is still a phone.
  const trunk = overWebSocket(req) ? undefined : matchTrunk(trunks, ip);
  if (trunk) return { trunkId: trunk.id, trunk, internal: false };
  if (registrar.guard.isBlocked(ip)) return undefined;
  if (registrar.guard.isScanner(req.get('User-Agent'))) {
    registrar.guard.fail(ip, '', 'scanner-user-agent');
    respond(res, logger, 403, 'Forbidden');
    return undefined;
  }
  const auth = await registrar.authenticator.authenticate({ method: 'INVITE', uri: req.uri, authorization: req.get('Proxy-Authorization'), sourceAddress: ip });
  if (auth.kind === 'challenge') respond(res, logger, 407, 'Proxy Authentication Required', { headers: { 'Proxy-Authenticate': auth.wwwAuthenticate } });
  else if (auth.kind === 'forbidden') respond(res, logger, 403, 'Forbidden');
  else return { trunkId: null, trunk: null, internal: true, credentials: auth.credentials };
  return undefined;
}

/** ws/wss arrive as tcp/tls from drachtio; the top Via says which (as register-request.ts reads it). */
function overWebSocket(req: Srf.SrfRequest): boolean {
  return /^SIP\/2\.0\/WSS?\b/i.test(req.get('Via') ?? '');
}

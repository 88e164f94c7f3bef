// The center's outbound calling, as the call path holds it: the dial plan, one toll-fraud
// guard for the process (its counters are the caps), trunk health and the trunk admission
// shared with inbound calls (so max_channels counts both directions).
import type Srf from 'drachtio-srf';
import type { SipCredentials } from '../../db/agents.repository.js';
import { defaultDialPlan, type DialPlan } from './dial-plan.js';
import { placeOutbound, type OutboundDeps } from './outbound-call.js';
import { TollFraudGuard, type GuardLimits } from './toll-fraud-guard.js';
import { everyTrunkUp, type TrunkUp } from './trunk-health.js';

export interface OutboundSettings {
  /** The dial plan; defaultDialPlan(countryCode) with the default deny lists when absent. */
  plan?: DialPlan;
  /** Center-wide caps (default: 50 concurrent, 500 an hour). */
  limits?: Partial<GuardLimits>;
  answerTimeoutMs?: number;
  /** Trunk health from the trunk-registration slice; every trunk up when absent. */
  trunkUp?: TrunkUp;
}

export interface OutboundCalls {
  readonly guard: TollFraudGuard;
  /** The dial plan in force (conference parties dialled by number normalise and classify with it). */
  readonly plan: DialPlan;
  place(req: Srf.SrfRequest, res: Srf.SrfResponse, caller: SipCredentials, dialed: string): Promise<void>;
}

export function outboundCalls(base: Omit<OutboundDeps, 'plan' | 'guard' | 'trunkUp' | 'answerTimeoutMs'>, settings: OutboundSettings = {}): OutboundCalls {
  const guard = new TollFraudGuard({ maxConcurrent: settings.limits?.maxConcurrent ?? 50, maxPerHour: settings.limits?.maxPerHour ?? 500 }, base.logger);
  const deps: OutboundDeps = {
    ...base, guard, plan: settings.plan ?? defaultDialPlan(), trunkUp: settings.trunkUp ?? everyTrunkUp,
    ...(settings.answerTimeoutMs ? { answerTimeoutMs: settings.answerTimeoutMs } : {}),
  };
  return { guard, plan: deps.plan, place: (req, res, caller, dialed) => placeOutbound(deps, req, res, caller, dialed) };
}

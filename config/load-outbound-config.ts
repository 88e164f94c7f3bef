// Settings of outbound calling, from environment variables over defaults:
//   OUTBOUND_COUNTRY_CODE (1)      the center's country: its national numbers get +CC, the
//                                  national and international prefixes follow (1/011, else 0/00)
//   OUTBOUND_MAX_CONCURRENT (50)   center-wide cap on concurrent outbound calls
//   OUTBOUND_MAX_PER_HOUR (500)    center-wide cap on outbound calls in any hour
// Per-agent classes, caps and caller id are set through /api/agents.
import { defaultDialPlan } from '../server/sip/outbound/dial-plan.js';
import type { OutboundSettings } from '../server/sip/outbound/outbound-calls.js';

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new Error(`${name} must be a whole number from 0 to 1000000, got '${raw}'`);
  return n;
}

export function loadOutboundConfig(env: NodeJS.ProcessEnv = process.env): OutboundSettings {
  const cc = env.OUTBOUND_COUNTRY_CODE || '1';
  if (!/^[1-9][0-9]{0,2}$/.test(cc)) throw new Error(`OUTBOUND_COUNTRY_CODE must be a country calling code like 1 or 44, got '${cc}'`);
  return {
    plan: defaultDialPlan(cc),
    limits: { maxConcurrent: count(env, 'OUTBOUND_MAX_CONCURRENT', 50), maxPerHour: count(env, 'OUTBOUND_MAX_PER_HOUR', 500) },
  };
}

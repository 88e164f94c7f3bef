// What a call needs from the rest of the center, handed in by installCallCenter.
import type { Call } from './call.js';
import type { LiveEventSink } from '../../api/events/live-event.types.js';
import type { ConferenceSettings } from './conference/conference.types.js';
import type Srf from 'drachtio-srf';
import type { Logger } from 'pino';
import type { Repositories } from '../../db/index.js';
import type { MediaServer } from '../../../media/index.js';
import type { AcdService } from '../../acd/index.js';
import type { HookPoster, PromptSource } from '../../ivr/index.js';
import type { LimitedTrunk } from '../trunk-limits.js';
import type { UnknownNumberLimiter } from '../unknown-number-limiter.js';
import type { SessionTimerPolicy } from './session-timer-negotiation.js';
import type { TrunkRegistrations } from '../trunks/trunk-registrations.js';
import type { OutboundCalls } from '../outbound/outbound-calls.js';

/**
 * Admission of a new call on its trunk (calls per second, channels): `admit` answers before
 * anything is set up; the call calls release() exactly once when it ends. TrunkLimits
 * (server/sip/trunk-limits.ts) is the center's; tests may hand in their own.
 */
export interface CallAdmission {
  admit(trunk: LimitedTrunk): { ok: true; release(): void } | { ok: false; retryAfterSec: number; reason: string };
}

export interface CallCenterDeps {
  srf: Srf;
  repos: Repositories;
  media: MediaServer;
  acd: AcdService;
  logger: Logger;
  realm: string;
  /** HMAC key of the digest nonces: the same on every node of a site (derived from SECRETS_KEY), so any node accepts another's nonce. */
  nonceSecret?: Buffer;
  /** Music for callers waiting in a queue that names none. */
  defaultMusic: PromptSource;
  /** What the caller of an internal call hears while the extension rings; silence without it. */
  ringback?: PromptSource;
  /** Optional per-trunk admission (channel limits); without it every identified call is admitted. */
  admission?: CallAdmission;
  /** Bounds the call records an INVITE flood to unknown numbers writes; without it each attempt is recorded. */
  unknownNumbers?: UnknownNumberLimiter;
  /** RFC 4028 session timers (session-timer.ts); defaultSessionTimerPolicy without it. */
  sessionTimers?: SessionTimerPolicy;
  /** Outbound calls of authenticated phones to numbers outside the center; without it they get 404. */
  outbound?: OutboundCalls;
  /** Conferences, consults and transfers made from them: what the last agent leaving does; defaultConferenceSettings without it. */
  conferenceSettings?: ConferenceSettings;
  /** The live event hub (server/api/events): calls answered and ended are published to it. */
  liveEvents?: LiveEventSink;
  /** Posts the IVR's webhook requests under the site's address policy; the strict policy without it. */
  ivrWebhooks?: HookPoster;
  /** Set by installCallCenter: the calls in progress (an attended transfer finds the call it replaces). */
  calls?: ReadonlyMap<string, Call>;
  /** Set by installCallCenter: the registrar's unbind of a contact found dead while ringing it. */
  unbindDead?: (aor: string, contact: string, why: string) => Promise<void>;
  /** Matches INVITEs to a registration trunk's registered Contact (server/sip/trunks). */
  trunkRegistrations?: Pick<TrunkRegistrations, 'byContact'>;
}

/** Leg tags the call uses with the media server. */
export const CALLER = 'caller';
export const AGENT = 'agent';

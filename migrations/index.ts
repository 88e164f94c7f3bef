// Every migration, in order. Listed here rather than read from the directory so that the
// compiled app finds them wherever it runs, and a missing file is a type error.
import type { Migration } from 'kysely';
import * as initialSchema from './0001-initial-schema.js';
import * as registrations from './0002-registrations.js';
import * as provisioningNotify from './0003-provisioning-notify.js';
import * as callOutcomes from './0004-call-outcomes.js';
import * as webSessions from './0005-web-sessions.js';
import * as trunkLimits from './0006-trunk-limits.js';
import * as sessionRegistrations from './0007-session-registrations.js';
import * as mediaEncryption from './0008-media-encryption.js';
import * as registrationInstances from './0009-registration-instances.js';
import * as trunkRegistrationEvents from './0013-trunk-registration-events.js';
import * as outboundRouting from './0014-outbound-routing.js';
import * as conferenceEvents from './0016-conference-events.js';
import * as skillsPriority from './0019-skills-priority.js';
import * as loginThrottle from './0021-login-throttle.js';
import * as liveEvents from './0023-live-events.js';
import * as webhooks from './0024-webhooks.js';
import * as wrapUp from './0025-wrap-up.js';
import * as queueScripts from './0026-queue-scripts.js';
import * as notReadyReasons from './0027-not-ready-reasons.js';
import * as queueCountEvents from './0028-queue-count-events.js';
import * as auditLog from './0029-audit-log.js';
import * as queueIntervals from './0030-queue-intervals.js';
import * as agentIntervals from './0031-agent-intervals.js';
import * as postCallSurvey from './0033-post-call-survey.js';
import * as whenNoAgents from './0034-when-no-agents.js';

export const migrations: Record<string, Migration> = {
  '0001-initial-schema': initialSchema,
  '0002-registrations': registrations,
  '0003-provisioning-notify': provisioningNotify,
  '0004-call-outcomes': callOutcomes,
  '0005-web-sessions': webSessions,
  '0006-trunk-limits': trunkLimits,
  '0007-session-registrations': sessionRegistrations,
  '0008-media-encryption': mediaEncryption,
  '0009-registration-instances': registrationInstances,
  '0013-trunk-registration-events': trunkRegistrationEvents,
  '0014-outbound-routing': outboundRouting,
  '0016-conference-events': conferenceEvents,
  '0019-skills-priority': skillsPriority,
  '0021-login-throttle': loginThrottle,
  '0023-live-events': liveEvents,
  '0024-webhooks': webhooks,
  '0025-wrap-up': wrapUp,
  '0026-queue-scripts': queueScripts,
  '0027-not-ready-reasons': notReadyReasons,
  '0028-queue-count-events': queueCountEvents,
  '0029-audit-log': auditLog,
  '0030-queue-intervals': queueIntervals,
  '0031-agent-intervals': agentIntervals,
  '0033-post-call-survey': postCallSurvey,
  '0034-when-no-agents': whenNoAgents,
};

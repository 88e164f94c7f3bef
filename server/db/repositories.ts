// All repositories over one database handle, as the API and the SIP app receive them.
import type { Kysely } from 'kysely';
import { agentStateEventsRepository } from './agent-state-events.repository.js';
import { trunkRegistrationEventsRepository } from './trunk-registration-events.repository.js';
import { agentsRepository } from './agents.repository.js';
import { auditLogRepository } from './audit-log.repository.js';
import { callEventsRepository } from './call-events.repository.js';
import { liveEventsRepository } from './live-events.repository.js';
import { webhooksRepository } from './webhooks.repository.js';
import { notReadyReasonsRepository } from './not-ready-reasons.repository.js';
import { callsRepository } from './calls.repository.js';
import { contactsRepository } from './contacts.repository.js';
import type { Database } from './database.types.js';
import { ivrFlowsRepository } from './ivr-flows.repository.js';
import { numbersRepository } from './numbers.repository.js';
import { outboundRoutesRepository } from './outbound-routes.repository.js';
import { promptsRepository } from './prompts.repository.js';
import { queuesRepository } from './queues.repository.js';
import { recordingsRepository } from './recordings.repository.js';
import { referencesRepository } from './references.repository.js';
import { registrationsRepository } from './registrations.repository.js';
import { schedulesRepository } from './schedules.repository.js';
import { SecretBox } from './secret-box.js';
import { sipSessionCredentialsRepository } from './sip-session-credentials.repository.js';
import { tokensRepository } from './tokens.repository.js';
import { trunksRepository } from './trunks.repository.js';
import { usersRepository } from './users.repository.js';

export interface RepositoryOptions {
  sipRealm: string;
  /** Seals trunk passwords at rest; the server passes its configured key (SECRETS_KEY or the
   * data folder's key file). Absent: a key for this process only — for in-memory test databases. */
  secrets?: SecretBox;
}

export function createRepositories(db: Kysely<Database>, options: RepositoryOptions) {
  const secretBox = options.secrets ?? SecretBox.ephemeral();
  return {
    users: usersRepository(db),
    tokens: tokensRepository(db),
    agents: agentsRepository(db, options.sipRealm),
    sipCredentials: sipSessionCredentialsRepository(db),
    trunks: trunksRepository(db, secretBox),
    numbers: numbersRepository(db),
    outboundRoutes: outboundRoutesRepository(db),
    ivrFlows: ivrFlowsRepository(db),
    queues: queuesRepository(db),
    schedules: schedulesRepository(db),
    prompts: promptsRepository(db),
    contacts: contactsRepository(db),
    calls: callsRepository(db),
    callEvents: callEventsRepository(db),
    liveEvents: liveEventsRepository(db),
    webhooks: webhooksRepository(db, secretBox),
    notReadyReasons: notReadyReasonsRepository(db),
    agentStates: agentStateEventsRepository(db),
    trunkRegistrationEvents: trunkRegistrationEventsRepository(db),
    recordings: recordingsRepository(db),
    registrations: registrationsRepository(db),
    references: referencesRepository(db),
    auditLog: auditLogRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

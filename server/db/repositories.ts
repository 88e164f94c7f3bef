// All repositories over one database handle, as the API and the SIP app receive them.
import type { Kysely } from 'kysely';
import { agentStateEventsRepository } from './agent-state-events.repository.js';
import { agentsRepository } from './agents.repository.js';
import { callEventsRepository } from './call-events.repository.js';
import { callsRepository } from './calls.repository.js';
import { contactsRepository } from './contacts.repository.js';
import type { Database } from './database.types.js';
import { ivrFlowsRepository } from './ivr-flows.repository.js';
import { numbersRepository } from './numbers.repository.js';
import { promptsRepository } from './prompts.repository.js';
import { queuesRepository } from './queues.repository.js';
import { recordingsRepository } from './recordings.repository.js';
import { referencesRepository } from './references.repository.js';
import { registrationsRepository } from './registrations.repository.js';
import { schedulesRepository } from './schedules.repository.js';
import { tokensRepository } from './tokens.repository.js';
import { trunksRepository } from './trunks.repository.js';
import { usersRepository } from './users.repository.js';

export function createRepositories(db: Kysely<Database>, options: { sipRealm: string }) {
  return {
    users: usersRepository(db),
    tokens: tokensRepository(db),
    agents: agentsRepository(db, options.sipRealm),
    trunks: trunksRepository(db),
    numbers: numbersRepository(db),
    ivrFlows: ivrFlowsRepository(db),
    queues: queuesRepository(db),
    schedules: schedulesRepository(db),
    prompts: promptsRepository(db),
    contacts: contactsRepository(db),
    calls: callsRepository(db),
    callEvents: callEventsRepository(db),
    agentStates: agentStateEventsRepository(db),
    recordings: recordingsRepository(db),
    registrations: registrationsRepository(db),
    references: referencesRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;

// A destination names a row of another table by id (an IVR flow, a queue, an agent); the
// database cannot enforce that, so writes check that the row exists (deletes that would leave
// one pointing at nothing are refused in references.ts).
import type { Destination } from '../../db/database.types.js';
import type { Repositories } from '../../db/repositories.js';
import { badRequest } from './api-error.js';

export async function checkDestination(repos: Repositories, destination: Destination | null | undefined, path: string): Promise<void> {
  if (!destination?.id) return;
  const lookups = { ivr: repos.ivrFlows, queue: repos.queues, agent: repos.agents } as const;
  if (destination.type !== 'ivr' && destination.type !== 'queue' && destination.type !== 'agent') return;
  const exists = await lookups[destination.type].get(destination.id);
  if (!exists) throw badRequest([{ path: `${path}.id`, message: `no ${destination.type} with this id` }]);
}

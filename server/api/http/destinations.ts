// A destination names a row of another table by id (an IVR flow, a queue, an agent); the
// database cannot enforce that, so writes check that the row exists, and deletes refuse to
// leave a number or an overflow pointing at nothing.
import type { Destination } from '../../db/database.types.js';
import type { Repositories } from '../../db/repositories.js';
import { badRequest, conflict } from './api-error.js';

export async function checkDestination(repos: Repositories, destination: Destination | null | undefined, path: string): Promise<void> {
  if (!destination?.id) return;
  const lookups = { ivr: repos.ivrFlows, queue: repos.queues, agent: repos.agents } as const;
  if (destination.type !== 'ivr' && destination.type !== 'queue' && destination.type !== 'agent') return;
  const exists = await lookups[destination.type].get(destination.id);
  if (!exists) throw badRequest([{ path: `${path}.id`, message: `no ${destination.type} with this id` }]);
}

export async function checkNotADestination(repos: Repositories, type: 'ivr' | 'queue' | 'agent', id: string): Promise<void> {
  const numbers = (await repos.numbers.routedTo(type, id)).map((n) => n.e164);
  const queues = (await repos.queues.overflowingTo(type, id)).map((q) => `queue ${q.name}`);
  const users = [...numbers, ...queues];
  if (users.length) throw conflict(`still the destination of ${users.join(', ')}; route those elsewhere first`);
}

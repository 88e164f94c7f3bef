// Schedules: weekly opening hours in a time zone, and holidays; the IVR's hours verb reads them.
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database } from './database.types.js';

export const schedulesRepository = (db: Kysely<Database>) => crudRepository(db, 'schedules', { touch: true });

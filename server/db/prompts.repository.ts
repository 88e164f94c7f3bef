// Prompts: text for the synthesizer, or an uploaded audio file kept under the media directory.
import type { Kysely } from 'kysely';
import { crudRepository } from './crud-repository.js';
import type { Database } from './database.types.js';

export const promptsRepository = (db: Kysely<Database>) => crudRepository(db, 'prompts', { touch: true });

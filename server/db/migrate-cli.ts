// `npm run migrate`: applies pending migrations to the configured database (DATABASE_URL,
// else the embedded one under SWITCHBOARD_DATA_DIR) and says what it did.
import { loadAppConfig } from '../../config/load-app-config.js';
import { migrateToLatest } from './migrate.js';
import { openDatabase } from './open-database.js';

const config = loadAppConfig();
const handle = await openDatabase(config.database);
try {
  const results = await migrateToLatest(handle.db);
  if (results.length === 0) console.log('[migrate] database is up to date');
  for (const r of results) console.log(`[migrate] ${r.migrationName}: ${r.status}`);
} finally {
  await handle.close();
}

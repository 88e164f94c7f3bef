// The data layer's public face for the other rooms (server/sip, server/acd, server/api):
//   const { db, close } = await openDatabase({ url })   // or { dataDir } / {} for PGlite
//   await migrateToLatest(db)
//   const repos = createRepositories(db, { sipRealm })
//   repos.agents.findBySipUsername(user)  → { agentId, realm, ha1Md5, ha1Sha256 }
//   repos.sipCredentials.findDigestCredentials(user)  the registrar's lookup: a live browser
//     session's credentials (GET /api/me/sip) or else the agent's own, same shape
//   repos.numbers.findByE164(did), repos.calls.create/update/end/addLeg,
//   repos.callEvents.add, repos.agentStates.append/latest, repos.recordings.add
//   const feed = await ChangeFeed.start(handle.listenTarget)   // provisioning changes, typed
export * from './database.types.js';
export { ChangeFeed, parseChange, type ChangeFeedOptions } from './change-feed.js';
export * from './change-feed.types.js';
export { openDatabase, type DatabaseHandle, type OpenDatabaseOptions } from './open-database.js';
export { migrateToLatest } from './migrate.js';
export { ensureAdmin, type EnsureAdminResult } from './ensure-admin.js';
export { createRepositories, type Repositories } from './repositories.js';
export type { Page } from './crud-repository.js';
export type { RecordPage, RecordScope } from './record-search.js';
export type { SipCredentials } from './agents.repository.js';

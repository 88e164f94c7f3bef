// The change feed's vocabulary: which tables announce their changes (migration 0003 puts a
// trigger on each), what one change says, and what the feed emits. Kept apart from the
// listener so that consumers (the ACD's reload wiring, later other nodes' caches) import only
// these types.
import type { PGlite } from '@electric-sql/pglite';

/** The NOTIFY channel of migration 0003. */
export const provisioningChannel = 'provisioning';

export const provisioningTables = ['agents', 'queues', 'queue_members', 'numbers', 'ivr_flows', 'ivr_flow_versions', 'trunks', 'schedules', 'prompts'] as const;
export type ProvisioningTable = (typeof provisioningTables)[number];

export const changeOps = ['insert', 'update', 'delete'] as const;
export type ChangeOp = (typeof changeOps)[number];

/** One row changed (sent at commit). `id` is queue_id for queue_members, flow_id for ivr_flow_versions. */
export interface ProvisioningChange { table: ProvisioningTable; op: ChangeOp; id: string }

/** Where the feed listens: its own connection to a Postgres server, or the embedded PGlite. */
export type ListenTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; pglite: PGlite };

/** The listener connection's life (Postgres; PGlite is in process and only ever listening or closed). */
export type FeedStatus = 'idle' | 'connecting' | 'listening' | 'waiting-retry' | 'closed';
export type FeedEvent = 'start' | 'connected' | 'lost' | 'retry' | 'close';

export interface ChangeFeedEvents {
  change: [ProvisioningChange];
  /** Changes may have been missed (the connection was lost and is back): re-read everything cached. */
  resync: [{ reason: string }];
  status: [{ from: FeedStatus; to: FeedStatus; event: FeedEvent }];
}

export interface ChangeFeedLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

// Webhooks and their delivery log (migration 0024). The signing secret is generated here,
// returned once at creation, stored sealed, and opened only by signingSecret() for the
// delivery worker; every other read leaves it out.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, LiveEventType, Row } from './database.types.js';
import type { SecretBox } from './secret-box.js';

const PURPOSE = 'webhooks.secret';

export type WebhookView = Omit<Row<'webhooks'>, 'secret'>;

export function webhooksRepository(db: Kysely<Database>, box: SecretBox) {
  const columns = ['id', 'url', 'events', 'enabled', 'cursor', 'created_at', 'updated_at'] as const;
  return {
    /** A new webhook and its secret (shown to the admin this once). */
    async create(hook: { url: string; events: LiveEventType[]; cursor: number }): Promise<{ hook: WebhookView; secret: string }> {
      const secret = randomBytes(32).toString('base64url');
      const row = await db.insertInto('webhooks').values({ url: hook.url, events: hook.events, cursor: String(hook.cursor), secret: box.seal(secret, PURPOSE) }).returning(columns).executeTakeFirstOrThrow();
      return { hook: row, secret };
    },
    list(): Promise<WebhookView[]> {
      return db.selectFrom('webhooks').select(columns).orderBy('created_at').execute();
    },
    get(id: string): Promise<WebhookView | undefined> {
      return db.selectFrom('webhooks').select(columns).where('id', '=', id).executeTakeFirst();
    },
    async remove(id: string): Promise<boolean> {
      const r = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async signingSecret(id: string): Promise<string | undefined> {
      const row = await db.selectFrom('webhooks').select('secret').where('id', '=', id).executeTakeFirst();
      return row ? box.open(row.secret, PURPOSE) : undefined;
    },
    async advance(id: string, cursor: number): Promise<void> {
      await db.updateTable('webhooks').set({ cursor: String(cursor) }).where('id', '=', id).execute();
    },
    async logDelivery(d: { webhookId: string; eventId: number; eventType: LiveEventType; attempt: number; status: number | null; error: string | null }): Promise<void> {
      await db.insertInto('webhook_deliveries').values({
        webhook_id: d.webhookId, event_id: String(d.eventId), event_type: d.eventType, attempt: d.attempt, status: d.status, error: d.error?.slice(0, 300) ?? null, at: new Date(),
      }).execute();
    },
    deliveries(id: string, limit: number): Promise<Row<'webhook_deliveries'>[]> {
      return db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', id).orderBy('id', 'desc').limit(limit).execute();
    },
  };
}

export type WebhooksRepository = ReturnType<typeof webhooksRepository>;

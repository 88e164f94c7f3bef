// /api/health (no auth) — each component up or down; 503 when any is down, so a load
// balancer can take the node out. The database is checked here; the caller reports the
// SIP engine and the media server.
import { sql } from 'kysely';
import type { ApiContext } from '../api-context.js';
import { s } from '../../validation/schema.js';

const upDown = s.enum(['up', 'down'] as const);

export function healthRoutes({ routes, db, health }: ApiContext): void {
  routes.addPublic({ method: 'get', path: '/health', tag: 'health', summary: 'Component status', response: s.object({ status: upDown, components: s.record(upDown) }) }, async ({ res }) => {
    const database = await sql`SELECT 1`.execute(db).then(() => 'up' as const, () => 'down' as const);
    const others = await health().catch((): Record<string, 'up' | 'down'> => ({}));
    const components = { database, ...others };
    const status = Object.values(components).every((c) => c === 'up') ? 'up' : 'down';
    res.status(status === 'up' ? 200 : 503).json({ status, components });
  });
}

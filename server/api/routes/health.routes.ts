// /api/health and /api/ready (no auth), the two probes an orchestrator or load balancer asks:
// - health (liveness): the process serves HTTP. Always 200 while it does, with the components'
//   status for a human; a database outage must not make a supervisor restart a node that
//   will recover by itself.
// - ready (readiness): this node can take calls — the database, the SIP engine and the media
//   server are up and the node is not draining. 503 otherwise, so the node is taken out.
// The database is checked here; the caller reports the SIP engine and the media server.
import { sql } from 'kysely';
import type { ApiContext } from '../api-context.js';
import { s } from '../../validation/schema.js';

const upDown = s.enum(['up', 'down'] as const);

export function healthRoutes({ routes, db, health, draining }: ApiContext): void {
  const components = async (): Promise<Record<string, 'up' | 'down'>> => {
    const database = await sql`SELECT 1`.execute(db).then(() => 'up' as const, () => 'down' as const);
    const others = await health().catch((): Record<string, 'up' | 'down'> => ({}));
    return { database, ...others };
  };
  routes.addPublic({ method: 'get', path: '/health', tag: 'health', summary: 'Liveness: 200 while the process serves; the components for information', response: s.object({ status: s.enum(['up'] as const), components: s.record(upDown) }) }, async ({ res }) => {
    res.status(200).json({ status: 'up', components: await components() });
  });
  routes.addPublic({ method: 'get', path: '/ready', tag: 'health', summary: 'Readiness: 200 when this node takes calls; 503 when a component is down or the node drains', response: s.object({ status: s.enum(['ready', 'down', 'draining'] as const), components: s.record(upDown) }) }, async ({ res }) => {
    const c = await components();
    const status = draining?.() ? 'draining' : Object.values(c).every((x) => x === 'up') ? 'ready' : 'down';
    res.status(status === 'ready' ? 200 : 503).json({ status, components: c });
  });
}

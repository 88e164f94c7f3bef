// /api/metrics (also at /metrics, Prometheus's default path): the center's metrics in the
// Prometheus text format (server/api/metrics/center-metrics.ts). Admins and supervisors only:
// queue and agent figures are business data, so a scraper uses an API token
// (`authorization: { credentials: <token> }` in its scrape config). Absent the call center
// (API-only runs) the route answers 404.
import type { ApiContext } from '../api-context.js';
import { notFound } from '../http/api-error.js';
import { s } from '../../validation/schema.js';

export function metricsRoutes({ routes, metrics }: ApiContext): void {
  routes.add(['admin', 'supervisor'], { method: 'get', path: '/metrics', tag: 'health', summary: 'Prometheus metrics of this node (text exposition format)', response: s.string() }, async ({ res }) => {
    if (!metrics) throw notFound('metrics');
    res.type(metrics.contentType).send(await metrics.text());
  });
}

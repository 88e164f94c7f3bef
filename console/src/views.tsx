// The console's views and who sees them: the resource pages (admins), and the views that are
// not one resource's list — each its own module, registered here once.
import type { VNode } from 'preact';
import type { ConsoleApi, SignedIn } from './api.js';
import type { Lookups } from './lookups.js';
import { AuditView } from './audit/audit-view.js';
import { FlowsView } from './flow/flows-view.js';
import { LiveCallsView } from './live-calls/live-calls-view.js';
import { ResourcePage, type ResourceConfig } from './page.js';
import { RecordingsView } from './recordings/recordings-view.js';
import { ReportsView } from './reports/reports-view.js';
import type { Schemas } from './schema.js';
import { WallboardView } from './wallboard/wallboard-view.js';

export type ConsoleRole = 'admin' | 'supervisor';

export interface ViewContext {
  api: ConsoleApi;
  schemas: Schemas;
  lookups: Lookups;
  user: SignedIn['user'];
  /** The rest of the URL after the view's path (#/ivr-flows/<id> → '<id>'). */
  sub: string;
}

export interface ConsoleView {
  path: string;
  title: string;
  roles: readonly ConsoleRole[];
  render: (ctx: ViewContext) => VNode;
}

const admins = ['admin'] as const;
const supervising = ['admin', 'supervisor'] as const;

export function consoleViews(resources: ResourceConfig[]): ConsoleView[] {
  const views = resources.map((config): ConsoleView => ({
    path: config.path, title: config.title, roles: admins,
    render: ({ api, schemas, lookups }) => <ResourcePage key={config.path} config={config} api={api} schemas={schemas} lookups={lookups} />,
  }));
  // IVR flows next to the numbers that lead to them.
  views.splice(views.findIndex((v) => v.path === 'numbers') + 1, 0, { path: 'ivr-flows', title: 'IVR flows', roles: admins, render: (ctx) => <FlowsView ctx={ctx} sub={ctx.sub} /> });
  // After the resource pages, so an admin lands on Trunks as before; a supervisor, who sees
  // only these, lands on the wallboard.
  views.push({ path: 'wallboard', title: 'Wallboard', roles: supervising, render: (ctx) => <WallboardView ctx={ctx} /> });
  views.push({ path: 'live-calls', title: 'Live calls', roles: supervising, render: (ctx) => <LiveCallsView ctx={ctx} /> });
  views.push({ path: 'reports', title: 'Reports', roles: supervising, render: (ctx) => <ReportsView ctx={ctx} /> });
  views.push({ path: 'recordings', title: 'Recordings', roles: supervising, render: (ctx) => <RecordingsView ctx={ctx} /> });
  views.push({ path: 'audit', title: 'Audit log', roles: admins, render: (ctx) => <AuditView ctx={ctx} /> });
  return views;
}

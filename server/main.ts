// `npm start`: the whole call center with settings from the environment (see README). `npm
// start` runs this under scripts/supervise.mjs, which restarts it if it dies; in production
// systemd does (README). Errors that escape every call's guard are logged and counted, and the
// process keeps serving (server/process-guards.ts says why that is safe).
import { hostname } from 'node:os';
import { loadAppConfig } from '../config/load-app-config.js';
import { loadTelephonyConfig } from '../config/load-telephony-config.js';
import { loadOutboundConfig } from '../config/load-outbound-config.js';
import { createLogger } from './api/logger.js';
import { guardProcess } from './process-guards.js';
import { startSwitchboard } from './switchboard.js';

function privateTargets(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'refuse') return false;
  if (value === 'allow') return true;
  throw new Error(`IVR_WEBHOOK_PRIVATE_TARGETS must be allow or refuse, not ${value}`);
}

async function main(): Promise<void> {
  const app = loadAppConfig();
  // Every line says which node wrote it (NODE_ID, else the host name): a site with several
  // nodes reads one stream.
  const logger = createLogger({ base: { pid: process.pid, node: app.nodeId ?? hostname() } });
  // Installed before anything starts, so a stray rejection during startup is reported too.
  guardProcess(logger);
  const telephony = loadTelephonyConfig();
  const sb = await startSwitchboard({
    app, telephony, logger, outbound: loadOutboundConfig(),
    // CONFERENCE_LAST_AGENT_LEAVES=end|hand-over; any other value stops the start with the reason.
    // IVR_WEBHOOK_PRIVATE_TARGETS=allow lets IVR webhooks reach loopback and private addresses
    // (a business's system on the LAN); link-local and metadata addresses stay refused.
    ivrWebhooks: { allowPrivateTargets: privateTargets(process.env.IVR_WEBHOOK_PRIVATE_TARGETS) },
    ...(process.env.CONFERENCE_LAST_AGENT_LEAVES ? { conference: { lastAgentLeaves: process.env.CONFERENCE_LAST_AGENT_LEAVES as 'end' } } : {}),
    onAdminCreated: (username, password) => {
      // Printed once, on the terminal only: the logger never sees it.
      process.stdout.write(`\n  Admin login created: ${username} / ${password}\n  (shown only now; set ADMIN_PASSWORD to choose it)\n\n`);
    },
  });
  const web = sb.webUrl;
  process.stdout.write(`Switchboard is running.\n  Softphone:  ${web}/softphone/\n  Console:    ${web}/console/\n  API:        ${web}/api (OpenAPI at ${web}/api/openapi.json)\n` +
    `  SIP:        ${telephony.sip.host}:${telephony.sip.port} (UDP, TCP), TLS ${telephony.sip.tlsPort}${sb.wssUrl ? `, browsers ${sb.wssUrl}` : ''}\n`);
  if (sb.demo) {
    process.stdout.write(`\n  Demo center created. Call ${sb.demo.number} (e.g. sipp -sn uac -s ${sb.demo.number.slice(1)} ${telephony.sip.host}:${telephony.sip.port}),\n  press 1 for sales or 2 for support. Softphone logins (shown only now):\n`);
    for (const a of sb.demo.agents) process.stdout.write(`    ${a.username} / ${a.password}  (extension ${a.extension})\n`);
    process.stdout.write('\n');
  }
  // SIGTERM (systemd, an orchestrator, a rolling upgrade) drains first: no new calls, the
  // calls in progress may end on their own for up to DRAIN_TIMEOUT_SECONDS. SIGINT (Ctrl-C at
  // a terminal), or a second signal during the drain, stops at once: the calls still up are
  // ended with their records closed.
  let stopping = false;
  const stopNow = (): void => {
    if (stopping) return;
    stopping = true;
    sb.logger.info('stopping');
    void sb.stop().then(() => process.exit(0));
  };
  let draining = false;
  process.on('SIGINT', stopNow);
  process.on('SIGTERM', () => {
    if (draining) return stopNow();
    draining = true;
    void sb.drain().then(stopNow);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`switchboard: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

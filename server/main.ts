// `npm start`: the whole call center with settings from the environment (see README).
import { loadAppConfig } from '../config/load-app-config.js';
import { loadTelephonyConfig } from '../config/load-telephony-config.js';
import { startSwitchboard } from './switchboard.js';

async function main(): Promise<void> {
  const app = loadAppConfig();
  const telephony = loadTelephonyConfig();
  const sb = await startSwitchboard({
    app, telephony,
    onAdminCreated: (username, password) => {
      // Printed once, on the terminal only: the logger never sees it.
      process.stdout.write(`\n  Admin login created: ${username} / ${password}\n  (shown only now; set ADMIN_PASSWORD to choose it)\n\n`);
    },
  });
  process.stdout.write(`Switchboard is running: http://${app.http.host === '0.0.0.0' ? '127.0.0.1' : app.http.host}:${sb.httpPort}/ — SIP on ${telephony.sip.host}:${telephony.sip.port} (udp, tcp)\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sb.logger.info('stopping');
    void sb.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`switchboard: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

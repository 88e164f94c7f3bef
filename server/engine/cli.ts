// `npm run engine -- <flags>`: the engine alone, as a drop-in for drachtio-server.
import { parseArgs, wantsVersion } from './cli-args.js';
import { ConfigError, generatedSecret } from './config.js';
import { startEngine } from './engine.js';
import { engineVersion } from './protocol/protocol-server.js';

async function main(): Promise<void> {
  if (wantsVersion(process.argv.slice(2))) {
    process.stdout.write(`${engineVersion}\n`);
    return;
  }
  const opts = parseArgs(process.argv.slice(2), (m) => process.stderr.write(`${m}\n`));
  if (!opts.admin?.secret) {
    // drachtio's well-known default would let anyone who reaches the admin port drive the engine.
    const secret = generatedSecret();
    opts.admin = { ...opts.admin, secret };
    process.stdout.write(`engine: no admin secret given (--secret, -f or DRACHTIO_SECRET); generated one, shown only now: ${secret}\n`);
  }
  const engine = await startEngine(opts);
  process.stdout.write(`engine ready: sip ${engine.hostports.join(',')} admin ${engine.config.admin.address}:${engine.adminPort}\n`);
  const stop = (): void => {
    void engine.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`engine: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

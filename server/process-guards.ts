// The process's last resort. Every call, socket and client has its own guard, so an error that
// reaches the process is a bug: it is logged loudly (fatal, with stack, field `unhandled`, and a
// running count) and the process keeps serving. For an uncaught exception keeping on is
// acceptable only because of those per-call guards: what threw was one call's work, and
// stopping would end every other call; the supervisor (scripts/supervise.mjs) or systemd
// restarts the process if it dies anyway. Tests read the count (unhandledCounts) or look for
// the `unhandled` field in the logs (test/e2e/helpers/unhandled.ts).
import type { Logger } from 'pino';

export interface UnhandledCounts { rejections: number; exceptions: number }

const counts: UnhandledCounts = { rejections: 0, exceptions: 0 };
const loggers = new Set<Logger>();
let installed = false;

/** What was caught so far in this process. */
export function unhandledCounts(): Readonly<UnhandledCounts> {
  return { ...counts };
}

/** Logs what reaches the process to `logger` (installed once per process); returns a function that stops logging to it. */
export function guardProcess(logger: Logger): () => void {
  loggers.add(logger);
  if (!installed) {
    installed = true;
    process.on('unhandledRejection', (reason) => {
      counts.rejections++;
      report({ unhandled: 'rejection', count: counts.rejections, err: reason }, 'unhandled promise rejection (a bug: some work ran without its guard); still serving');
    });
    process.on('uncaughtException', (err, origin) => {
      counts.exceptions++;
      report({ unhandled: 'exception', origin, count: counts.exceptions, err }, 'uncaught exception (a bug: some work ran without its guard); still serving');
    });
  }
  return () => { loggers.delete(logger); };
}

function report(fields: Record<string, unknown>, message: string): void {
  if (loggers.size === 0) {
    const err = fields.err instanceof Error ? fields.err.stack : String(fields.err);
    process.stderr.write(`${message}: ${err}\n`);
    return;
  }
  for (const logger of loggers) logger.fatal(fields, message);
}

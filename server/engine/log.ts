// The engine's own small logger: it imports nothing from the rest of Switchboard, so that it
// can run alone as a drachtio-server replacement. One line per event, level-filtered.
import type { LogLevel } from './config.types.js';

const order: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
  enabled(level: LogLevel): boolean;
}

/** Logs at `level` and above; to stdout when `stdout`, otherwise only warnings and errors to stderr. */
export function createLogger(level: LogLevel, stdout: boolean): Logger {
  const max = order[level];
  const write = (lvl: LogLevel, msg: string): void => {
    if (order[lvl] > max) return;
    const line = `${new Date().toISOString()} engine ${lvl} ${msg}\n`;
    if (stdout) process.stdout.write(line);
    else if (order[lvl] <= order.warn) process.stderr.write(line);
  };
  return {
    error: (m) => write('error', m),
    warn: (m) => write('warn', m),
    info: (m) => write('info', m),
    debug: (m) => write('debug', m),
    enabled: (lvl) => order[lvl] <= max,
  };
}

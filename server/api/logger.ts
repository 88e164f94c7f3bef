// The API's logger. Secrets must never reach a log line, whoever logs the object: pino
// replaces these paths wherever they appear (headers, bodies, nested rows).
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export const redactedPaths = [
  'req.headers.authorization', 'req.headers.cookie', 'headers.authorization',
  'password', '*.password', 'sip_password', '*.sip_password', 'register_password', '*.register_password',
  'token', '*.token', 'password_hash', '*.password_hash', 'token_hash', '*.token_hash',
  'sip_ha1_md5', '*.sip_ha1_md5', 'sip_ha1_sha256', '*.sip_ha1_sha256', 'ha1', '*.ha1', 'secret', '*.secret',
];

/** A pino logger with the redaction above; `destination` defaults to stdout. */
export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const settings = { name: 'switchboard', ...options, redact: { paths: redactedPaths, censor: '[redacted]' } };
  return destination ? pino(settings, destination) : pino(settings);
}

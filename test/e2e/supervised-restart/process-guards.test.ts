// The last resort before the supervisor: an unhandled rejection or uncaught exception that
// escapes every guard is logged loudly (fatal, with stack, field `unhandled`, a count) and the
// process keeps serving. Run in a child process: node:test would claim these errors itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const guards = fileURLToPath(new URL('../../../server/process-guards.js', import.meta.url));
const logger = fileURLToPath(new URL('../../../server/api/logger.js', import.meta.url));

test('errors that reach the process are logged with stack and counted, and it keeps serving', { timeout: 30_000 }, async () => {
  const script = `
    import { guardProcess, unhandledCounts } from ${JSON.stringify(guards)};
    import { createLogger } from ${JSON.stringify(logger)};
    guardProcess(createLogger());
    void Promise.reject(new Error('lost rejection'));
    setTimeout(() => { throw new Error('thrown in a timer'); }, 50);
    setTimeout(() => process.stdout.write('still serving ' + JSON.stringify(unhandledCounts()) + '\\n'), 300);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0, out);
  const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; unhandled?: string; count?: number; err?: { stack?: string } });
  const rejection = lines.find((l) => l.unhandled === 'rejection');
  const exception = lines.find((l) => l.unhandled === 'exception');
  assert.ok(rejection && exception, out);
  assert.equal(rejection.level, 60, 'fatal');
  assert.match(rejection.err?.stack ?? '', /lost rejection\n\s+at /);
  assert.match(exception.err?.stack ?? '', /thrown in a timer\n\s+at /);
  assert.equal(exception.count, 1);
  assert.match(out, /still serving \{"rejections":1,"exceptions":1\}/);
});

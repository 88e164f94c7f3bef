// For end-to-end tests: no error may reach the process (every call, socket and client has its
// own guard). server/process-guards.ts logs such an error with the field `unhandled` and counts
// it; a test asserts neither happened: assertNoUnhandled(center.logs) after its scenario.
import assert from 'node:assert/strict';
import { unhandledCounts } from '../../../server/process-guards.js';

/** Fails naming each unhandled rejection / uncaught exception the center logged, and checks the process-wide count. */
export function assertNoUnhandled(logs: readonly Record<string, unknown>[]): void {
  const hits = logs.filter((l) => l.unhandled !== undefined).map((l) => {
    const err = l.err as { stack?: string; message?: string } | undefined;
    return `${String(l.unhandled)}: ${err?.stack ?? err?.message ?? JSON.stringify(l.err)}`;
  });
  assert.deepEqual(hits, [], 'errors reached the process');
  assert.deepEqual(unhandledCounts(), { rejections: 0, exceptions: 0 }, 'errors reached the process');
}

// How the views write durations: elapsed time as mm:ss (a call, a state: "03:07"), time left
// as m:ss rounded up ("0:27": a countdown shows 0:00 only when the time is up). Pure
// functions of milliseconds, unit-tested in test/unit/softphone/.

const pad = (n: number): string => String(n).padStart(2, '0');

/** Elapsed time, whole seconds cut: 65 400 ms → "01:05". Negative (clock skew) counts as 0. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(Math.max(0, ms) / 1000);
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

/** Time left, seconds rounded up: 26 100 ms → "0:27", 0 or less → "0:00", an hour and more → "1:00:00". */
export function formatTimeLeft(ms: number): string {
  const s = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

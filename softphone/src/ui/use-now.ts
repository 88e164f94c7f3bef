// The current time (Date.now()), refreshed every `everyMs` while `running`: what timers and
// countdowns render from, so only they re-render each second, not the view around them.
import { useEffect, useState } from 'preact/hooks';

export function useNow(running: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [running, everyMs]);
  return now;
}

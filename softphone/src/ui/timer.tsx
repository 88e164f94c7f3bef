// Time since `since` (epoch ms) as mm:ss, ticking every second; empty while `since` is unknown.
// `prefix` goes before the time ("on hold 00:12"); `label` names it for screen readers.
import { formatElapsed } from './clock.js';
import { useNow } from './use-now.js';

export interface TimerProps {
  id?: string;
  since: number | undefined;
  label: string;
  prefix?: string;
}

export function Timer({ id, since, label, prefix = '' }: TimerProps) {
  const now = useNow(since !== undefined);
  return <span id={id} class="timer" aria-label={label}>{since === undefined ? '' : prefix + formatElapsed(now - since)}</span>;
}

// Time left until `until` (epoch ms) as m:ss, counting down every second and stopping at 0:00:
// "<prefix>0:27 left". `label` names it for screen readers.
import { formatTimeLeft } from './clock.js';
import { useNow } from './use-now.js';

export interface CountdownProps {
  id?: string;
  until: number;
  label: string;
  prefix?: string;
}

export function Countdown({ id, until, label, prefix = '' }: CountdownProps) {
  const now = useNow(true);
  return <span id={id} class="timer" aria-label={label}>{`${prefix}${formatTimeLeft(until - now)} left`}</span>;
}

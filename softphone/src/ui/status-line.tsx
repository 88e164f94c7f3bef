// A line of status text in a live region (role=status): screen readers read its changes,
// politely or, for what needs the user now (an incoming call), assertively.
import type { ComponentChildren } from 'preact';

export interface StatusLineProps {
  id: string;
  urgent?: boolean;
  children?: ComponentChildren;
}

export function StatusLine({ id, urgent = false, children }: StatusLineProps) {
  return <p id={id} role="status" aria-live={urgent ? 'assertive' : 'polite'}>{children}</p>;
}

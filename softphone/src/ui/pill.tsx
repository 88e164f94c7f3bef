// A rounded badge for a status word (registration, agent state, "Recording"). Any span
// attribute passes through: role/aria-live for a live one, data-status/data-state for colour.
import type { ComponentChildren, HTMLAttributes } from 'preact';

export type PillProps = HTMLAttributes<HTMLSpanElement> & { children?: ComponentChildren };

export function Pill({ children, ...rest }: PillProps) {
  return <span class="pill" {...rest}>{children}</span>;
}

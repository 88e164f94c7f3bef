// A button with a keyboard shortcut: the key shows on the button (KeyHint) and is announced
// through aria-keyshortcuts, from one prop so the two cannot disagree. Other button attributes
// pass through; type defaults to "button".
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { KeyHint } from './key-hint.js';

export type ShortcutButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  shortcut: string;
  children?: ComponentChildren;
};

export function ShortcutButton({ shortcut, children, type = 'button', ...rest }: ShortcutButtonProps) {
  return <button type={type} aria-keyshortcuts={shortcut} {...rest}>{children} <KeyHint keys={shortcut} /></button>;
}

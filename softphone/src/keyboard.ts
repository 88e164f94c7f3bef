// Keyboard shortcuts: single keys, ignored while the agent types in a field or holds a
// modifier (so browser shortcuts keep working). Digits go to the keypad only during a call.

export type Shortcut =
  | { action: 'answer' | 'hangup' | 'mute' | 'hold' | 'ready' | 'not-ready' | 'call-out' | 'transfer' | 'notes' | 'done' }
  | { action: 'digit'; digit: string };

const LETTERS: Record<string, Exclude<Shortcut, { action: 'digit' }>['action']> = {
  a: 'answer', h: 'hangup', m: 'mute', o: 'hold', r: 'ready', n: 'not-ready',
  c: 'call-out', t: 'transfer', w: 'notes', d: 'done',
};

export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>, inCall: boolean, typing: boolean): Shortcut | null {
  if (typing || e.ctrlKey || e.altKey || e.metaKey) return null;
  if (/^[0-9*#]$/.test(e.key)) return inCall ? { action: 'digit', digit: e.key } : null;
  const action = LETTERS[e.key.toLowerCase()];
  return action ? { action } : null;
}

/** True when the key press belongs to a text field or a select the user is operating. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

// The keyboard key of an action, shown next to its label ("Hang up H"). Hidden from screen
// readers: the control says its key with aria-keyshortcuts instead.
export function KeyHint({ keys }: { keys: string }) {
  return <kbd class="key" aria-hidden="true">{keys}</kbd>;
}

// The twelve keys of a phone keypad as buttons ("Keypad 5" to screen readers).
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export interface KeypadProps {
  label: string;
  disabled: boolean;
  onKey(key: string): void;
}

export function Keypad({ label, disabled, onKey }: KeypadProps) {
  return (
    <div id="keypad" class="keypad" role="group" aria-label={label}>
      {KEYS.map((k) => <button key={k} type="button" aria-label={`Keypad ${k}`} disabled={disabled} onClick={() => onKey(k)}>{k}</button>)}
    </div>
  );
}

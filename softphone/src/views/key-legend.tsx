// Every shortcut in one line under the phone (each control shows its own key too).
export function KeyLegend() {
  return (
    <p class="dim">Keys: A answer · H hang up · M mute · O hold · R ready · N not ready · C call out · T transfer · W notes · D wrap-up done · 0–9 * # keypad during a call (with no call, the keypad dials)</p>
  );
}

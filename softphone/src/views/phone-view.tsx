// The signed-in agent's desktop: the bar (name, registration, sign out), then two columns on
// a wide screen — what the agent works with (state, call, calling out) and what they look at
// (the caller's desk, their calls, colleagues, audio) — one column on a narrow one.
import { KeyLegend } from './key-legend.js';
import { TopBar } from './top-bar.js';
import { AgentStatePanel } from './agent-state-panel.js';
import { CallPanel } from './call-panel.js';
import { DialForm } from './dial-form.js';
import { DeskPanel } from './desk-panel.js';
import { MyCalls } from './my-calls.js';
import { Colleagues } from './colleagues.js';
import { AudioPanel } from './audio-panel.js';

export function PhoneView() {
  return (
    <div id="phone">
      <TopBar />
      <div class="columns">
        <div class="column">
          <AgentStatePanel />
          <CallPanel />
          <DialForm />
        </div>
        <div class="column">
          <DeskPanel />
          <MyCalls />
          <Colleagues />
          <AudioPanel />
        </div>
      </div>
      <KeyLegend />
    </div>
  );
}

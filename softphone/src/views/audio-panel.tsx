// Microphone and speaker (headset) choice (audio-settings.ts). A chosen device that is not
// plugged in is remembered but not shown: the select shows what the browser will use.
import type { DeviceOption } from '../state.js';
import { ErrorLine } from '../ui/error-line.js';
import { Field } from '../ui/field.js';
import { Section } from '../ui/section.js';
import { useDesk, useSoftphone } from './context.js';

function DeviceSelect({ id, options, chosen, onChoose }: { id: string; options: DeviceOption[]; chosen: string | undefined; onChoose(id: string): void }) {
  const value = options.some((o) => o.id === chosen) ? chosen : options[0]?.id;
  return (
    <select id={id} disabled={options.length === 0} value={value ?? ''} onChange={(e) => onChoose(e.currentTarget.value)}>
      {options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
    </select>
  );
}

export function AudioPanel() {
  const sp = useSoftphone();
  const devices = useDesk((s) => s.devices);
  return (
    <Section class="devices" title="Audio" titleId="devices-title">
      <Field label="Microphone">
        <DeviceSelect id="microphone" options={devices.inputs} chosen={devices.input} onChoose={(id) => void sp.audio.chooseMicrophone(id)} />
      </Field>
      <Field label="Speaker / headset">
        <DeviceSelect id="speaker" options={devices.outputs} chosen={devices.output} onChoose={(id) => void sp.audio.chooseSpeaker(id)} />
      </Field>
      <ErrorLine id="device-error" text={devices.error} />
    </Section>
  );
}

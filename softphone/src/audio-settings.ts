// Microphone and speaker choice of the signed-in agent: the lists (read after the microphone
// permission, when labels show, and on every devicechange), the stored preference
// (audio-devices.ts), the microphone the next call takes, a switch during the call, and the
// speaker for the call audio and the ringer. The devices slice of the state; the selects are
// views/audio-panel.tsx.
import { listDevices, present, primeMicrophone, saveChoice, setSpeaker } from './audio-devices.js';
import { errorText } from './error-text.js';
import type { Ringer } from './ringer.js';
import type { DeskStore, DeviceOption } from './state.js';

export class AudioSettings {
  private found: { inputs: MediaDeviceInfo[]; outputs: MediaDeviceInfo[] } = { inputs: [], outputs: [] };

  constructor(
    private readonly store: DeskStore,
    private readonly ringer: Ringer,
    private readonly audio: () => HTMLAudioElement | null,
    private readonly switchMicrophone: (deviceId: string) => Promise<void>,
  ) {
    navigator.mediaDevices?.addEventListener('devicechange', () => void this.refresh());
  }

  /** At sign-in: a secure context is required (else sign-in fails); no microphone permission is only a warning. */
  async setUp(): Promise<void> {
    this.store.patch('devices', { error: '' });
    if (!window.isSecureContext || !navigator.mediaDevices) throw new Error('The softphone needs HTTPS (or localhost) to use a microphone.');
    try {
      await primeMicrophone();
    } catch (err) {
      this.store.patch('devices', { error: `No microphone access: ${errorText(err)}` });
    }
    await this.refresh();
  }

  /** The microphone a new call should take: the chosen one if it is plugged in, else the default. */
  microphone(): string | undefined {
    return present(this.found.inputs, this.store.get().devices.input);
  }

  async chooseMicrophone(deviceId: string): Promise<void> {
    this.store.patch('devices', { input: deviceId });
    this.save();
    await this.switchMicrophone(deviceId);
  }

  async chooseSpeaker(deviceId: string): Promise<void> {
    this.store.patch('devices', { output: deviceId });
    this.save();
    try {
      const ok = await this.applySpeaker(deviceId);
      this.store.patch('devices', { error: ok ? '' : 'This browser cannot choose the speaker.' });
    } catch (err) {
      this.store.patch('devices', { error: `Speaker: ${errorText(err)}` });
    }
  }

  private async refresh(): Promise<void> {
    if (!navigator.mediaDevices) return;
    this.found = await listDevices();
    this.store.patch('devices', { inputs: options(this.found.inputs, 'Microphone'), outputs: options(this.found.outputs, 'Speaker') });
    const speaker = present(this.found.outputs, this.store.get().devices.output);
    if (speaker) await this.applySpeaker(speaker).catch(() => undefined);
  }

  private save(): void {
    const { input, output } = this.store.get().devices;
    saveChoice({ input, output });
  }

  private async applySpeaker(deviceId: string): Promise<boolean> {
    await this.ringer.setSpeaker(deviceId);
    const audio = this.audio();
    return audio ? setSpeaker(audio, deviceId) : false;
  }
}

function options(devices: MediaDeviceInfo[], fallback: string): DeviceOption[] {
  return devices.map((d, i) => ({ id: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
}

// Microphone and speaker (headset) choice. Device labels are only visible after the page got
// microphone permission, so the list is read again after getUserMedia and on devicechange.
// The choice survives reloads in localStorage (device ids are stable per origin) and is kept
// while its device is unplugged, to be used again when it is back.

export interface DeviceChoice {
  input: string | undefined;
  output: string | undefined;
}

const STORE_KEY = 'switchboard.softphone.devices';

export function loadChoice(): DeviceChoice {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return { input: undefined, output: undefined };
    const r = raw as Record<string, unknown>;
    return { input: typeof r.input === 'string' ? r.input : undefined, output: typeof r.output === 'string' ? r.output : undefined };
  } catch {
    return { input: undefined, output: undefined };
  }
}

export function saveChoice(choice: DeviceChoice): void {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(choice));
  } catch {
    // Storage refused (private mode, quota): the choice holds until the page closes.
  }
}

/** Asks for the microphone once: grants labels and un-hides host ICE candidates (no mDNS). */
export async function primeMicrophone(): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  for (const t of stream.getTracks()) t.stop();
}

export async function listDevices(): Promise<{ inputs: MediaDeviceInfo[]; outputs: MediaDeviceInfo[] }> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return { inputs: all.filter((d) => d.kind === 'audioinput'), outputs: all.filter((d) => d.kind === 'audiooutput') };
}

/** `preferred` if that device is there now, else undefined (the browser's default): a stored
 * choice whose headset is unplugged must not become an `exact` constraint that fails the call. */
export function present(devices: MediaDeviceInfo[], preferred: string | undefined): string | undefined {
  return devices.some((d) => d.deviceId === preferred) ? preferred : undefined;
}

/** Routes the call audio to a speaker or headset; false where the browser cannot (no setSinkId). */
export async function setSpeaker(audio: HTMLAudioElement, deviceId: string): Promise<boolean> {
  if (typeof audio.setSinkId !== 'function') return false;
  await audio.setSinkId(deviceId);
  return true;
}

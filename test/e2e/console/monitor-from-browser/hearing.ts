// What each party of the monitored call hears, by tone: the caller's RTP (our SIP phone,
// 8 kHz PCMU) through Goertzel, a browser's received audio (the softphone's #remote-audio)
// through WebAudio analysers of the test's own — a smoothed one for levels and a fast one
// (43 ms window, no smoothing) for when a tone first arrives.
import type { Page } from 'playwright-core';
import type { NodePhone } from '../../helpers/node-phone.js';
import { eventually } from '../../helpers/center.js';
import { goertzelPower } from '../../../media/tools/spectrum.js';

/** Relative power on the phone's RTP (1 = a full-scale sine alone). */
const HEARD = 1e-3;
const SILENT = 1e-5;
/** dB of a browser's analyser: heard above, and what is not heard sits 15 dB under the weakest heard. */
const BROWSER_HEARD_DB = -65;

/** Whether the party heard what it should, and what was measured (relative powers or dB by tone). */
export interface Hearing {
  ok: boolean;
  measured: Record<number, number>;
}

function phonePowers(phone: NodePhone, tones: number[], from: number, to = Infinity): Record<number, number> {
  const samples = phone.rtp.samples(from, to);
  const norm = (32768 ** 2 / 4) * Math.max(1, samples.length);
  return Object.fromEntries(tones.map((f) => [f, goertzelPower(samples, f) / norm]));
}

/** The phone hears `heard` and none of the other tones, over the last second (waits up to 6 s for it). */
export async function phoneHears(phone: NodePhone, tones: number[], heard: number[]): Promise<Hearing> {
  let powers: Record<number, number> = {};
  const ok = await eventually(async () => {
    powers = phonePowers(phone, tones, Date.now() - 1000);
    return tones.every((f) => (heard.includes(f) ? (powers[f] ?? 0) > HEARD : (powers[f] ?? 0) < SILENT)) ? true : undefined;
  }, 6000, 'the tones').catch(() => false);
  return { ok, measured: powers };
}

/** Milliseconds from `since` to the first 100 ms of the phone's RTP in which `freq` is heard. */
export async function phoneFirstHeard(phone: NodePhone, tones: number[], freq: number, since: number): Promise<number> {
  return eventually(async () => {
    for (let t = since; t + 100 <= Date.now(); t += 20) if ((phonePowers(phone, tones, t, t + 100)[freq] ?? 0) > HEARD) return t + 100 - since;
    return undefined;
  }, 5000, `${freq} Hz heard`);
}

/** Puts the analysers on the page's remote audio (the call's stream: again for each call). */
export async function probeBrowser(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const stream = document.getElementById('remote-audio').srcObject;
    if (!stream) throw new Error('no remote audio');
    if (window.__hearing && window.__hearing.stream === stream) return;
    const ctx = new AudioContext();
    const source = ctx.createMediaStreamSource(stream);
    const level = ctx.createAnalyser();
    level.fftSize = 8192;
    level.smoothingTimeConstant = 0.6;
    const fast = ctx.createAnalyser();
    fast.fftSize = 2048;
    fast.smoothingTimeConstant = 0;
    source.connect(level);
    source.connect(fast);
    const read = (an, f, spread) => {
      const bins = new Float32Array(an.frequencyBinCount);
      an.getFloatFrequencyData(bins);
      const i = Math.round(f / (ctx.sampleRate / an.fftSize));
      let best = -Infinity;
      for (let d = -spread; d <= spread; d++) best = Math.max(best, bins[i + d]);
      return best;
    };
    window.__hearing = {
      stream,
      levels: (tones) => tones.map((f) => read(level, f, 2)),
      // From now, every 10 ms: the Date.now() at which f first passes dB (null after 5 s).
      arm: (f, dB) => {
        window.__hearing.first = new Promise((resolve) => {
          const id = setInterval(() => { if (read(fast, f, 1) > dB) { clearInterval(id); clearTimeout(end); resolve(Date.now()); } }, 10);
          const end = setTimeout(() => { clearInterval(id); resolve(null); }, 5000);
        });
      },
    };
  })()`);
}

async function browserLevels(page: Page, tones: number[]): Promise<Record<number, number>> {
  const levels = await page.evaluate(`window.__hearing.levels(${JSON.stringify(tones)})`) as number[];
  return Object.fromEntries(tones.map((f, i) => [f, levels[i] ?? -Infinity]));
}

/** The browser hears `heard` only (waits up to 6 s: the smoothed analyser settles in ~0.5 s). */
export async function browserHears(page: Page, tones: number[], heard: number[]): Promise<Hearing> {
  let levels: Record<number, number> = {};
  const ok = await eventually(async () => {
    levels = await browserLevels(page, tones);
    const weakest = Math.min(...heard.map((f) => levels[f] ?? -Infinity));
    return weakest > BROWSER_HEARD_DB && tones.every((f) => heard.includes(f) || (levels[f] ?? -Infinity) < Math.min(BROWSER_HEARD_DB, weakest - 15)) ? true : undefined;
  }, 6000, 'the tones').catch(() => false);
  return { ok, measured: levels };
}

/** Starts watching for `freq` on the page; the returned function resolves with when it was first heard (epoch ms). */
export async function armBrowser(page: Page, freq: number): Promise<() => Promise<number>> {
  await page.evaluate(`window.__hearing.arm(${freq}, ${BROWSER_HEARD_DB})`);
  return async () => {
    const at = await page.evaluate('window.__hearing.first') as number | null;
    if (at === null) throw new Error(`${freq} Hz was not heard within 5 s`);
    return at;
  };
}

// While the IVR plays nothing (waiting for a digit, between prompts, after music stops) the
// caller still gets RTP: silence frames from rtpengine's player. Prompts, music and silence
// reach the caller as one stream: one SSRC, sequence numbers without a jump. Prints the
// largest gap. (The agent's own stream, relayed untouched, has the agent's SSRC: rtpengine
// 10.5 has no SSRC normalisation; printed, not asserted.)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startMedia, sleep, type MediaFixture } from '../tools/fixture.js';
import { largestGap } from '../tools/raw-rtp.js';
import type { RtpEndpoint } from '../tools/rtp-endpoint.js';
import { WavWriter } from '../../../media/wav-writer.js';
import { peakFrequency } from '../tools/spectrum.js';

/** A 48 kHz tone: rtpengine 10.5 sends 8 kHz files in bursts (120-180 ms gaps), 48 kHz ones evenly. */
function tone(path: string, freq: number, ms: number): string {
  const w = new WavWriter(path, 1, 48000, 0o644);
  const s = new Int16Array((48000 * ms) / 1000);
  for (let i = 0; i < s.length; i++) s[i] = 8000 * Math.sin((2 * Math.PI * freq * i) / 48000);
  w.write(s);
  w.close();
  return path;
}

describe('RTP toward the caller while the IVR waits', { timeout: 60_000 }, () => {
  let fx: MediaFixture;
  before(async () => {
    fx = await startMedia();
  });
  after(async () => {
    await fx?.close();
  });

  test('silence frames with no prompt, one SSRC and no gap over 100 ms across prompt, silence and music', async () => {
    const caller: RtpEndpoint = await fx.endpoint();
    const prompt = tone(join(fx.workDir, 'prompt.wav'), 600, 400);
    const music = tone(join(fx.workDir, 'music.wav'), 900, 1000);
    const answer = await fx.media.anchorIvr('quiet-1', 'caller', caller.sdp());
    caller.setRemote(answer);
    caller.start(0);
    await sleep(1000); // waiting for input, nothing played
    const p = await fx.media.playPrompt('quiet-1', 'caller', { file: prompt });
    await p.done;
    await sleep(800); // waiting for a digit after the prompt
    const m = await fx.media.startMusicOnHold('quiet-1', 'caller', { file: music });
    await sleep(600);
    await m.stop();
    await sleep(800); // the music stopped, still no agent
    const ivr = caller.received.filter((r) => r.payloadType === 0);
    const gap = largestGap(ivr);
    const gaps = ivr.slice(1).map((r, i) => r.at - (ivr[i]?.at ?? r.at));
    const late = gaps.filter((g) => g > 100).length;
    console.log(`IVR phase: ${ivr.length} packets, largest gap ${gap} ms, ${late} gap(s) over 100 ms, SSRCs ${[...new Set(ivr.map((r) => r.ssrc.toString(16)))].join(',')}`);
    assert.ok(ivr.length >= 150, `RTP kept flowing: ${ivr.length} packets in ~3.4 s`);
    // Arrival times are taken by this process: on a loaded machine one late wake-up of the
    // receiver shows as one long gap though rtpengine sent evenly. A missing filler shows as a
    // hole of a whole wait (>= 800 ms) or as many long gaps, so both are bounded.
    assert.ok(gap <= 300, `largest gap ${gap} ms (a wait with no silence frames is >= 800 ms)`);
    assert.ok(late <= 2, `${late} gaps over 100 ms (an even 20 ms stream has none)`);
    assert.equal(new Set(ivr.map((r) => r.ssrc)).size, 1, 'one SSRC across silence, prompt and music');
    // A new stream (a restart of the numbering) steps 0 or far; a packet lost on a loaded
    // machine steps a little more than 1. The first must never happen, the second seldom.
    // Two packets swapped on the way step back a little (-1 is 0xffff): a reorder, counted apart.
    const steps = ivr.slice(1).map((r, i) => (r.sequence - (ivr[i]?.sequence ?? 0)) & 0xffff);
    const reordered = steps.filter((d) => d >= 0xffff - 50).length;
    const restarts = steps.filter((d) => d === 0 || (d > 50 && d < 0xffff - 50)).length;
    const lost = Math.max(0, (((ivr.at(-1)?.sequence ?? 0) - (ivr[0]?.sequence ?? 0)) & 0xffff) + 1 - new Set(ivr.map((r) => r.sequence)).size);
    console.log(`sequence: ${restarts} restarts, ${reordered} reordered, ${lost} packets lost of ${ivr.length + lost}`);
    assert.equal(restarts, 0, 'sequence numbers continue without a restart');
    assert.ok(lost <= ivr.length * 0.05, `at most 5 % lost on the way (${lost})`);
    // The prompt was heard over the silence (the filler gives way to it).
    const heard = caller.samples(p.durationMs > 0 ? ivr[0]?.at ?? 0 : 0);
    assert.ok(Math.abs(peakFrequency(heard) - 600) <= 15 || Math.abs(peakFrequency(heard) - 900) <= 15, `prompt or music audible, peak ${peakFrequency(heard)} Hz`);

    // An agent: the silence stops, the agent's audio is relayed (with the agent's own SSRC).
    const agent = await fx.endpoint();
    agent.setRemote(await fx.media.offerToAgent('quiet-1'));
    await fx.media.bridge('quiet-1', 'agent', agent.sdp());
    agent.start(1200);
    const bridgedAt = Date.now();
    await sleep(800);
    const after = caller.received.filter((r) => r.at > bridgedAt + 200);
    assert.ok(after.length > 20, 'the agent is heard');
    assert.ok(Math.abs(peakFrequency(caller.samples(bridgedAt + 200)) - 1200) <= 15, 'only the agent, no silence interleaved');
    const all = caller.received.filter((r) => r.payloadType === 0);
    console.log(`music -> agent: SSRCs toward the caller ${[...new Set(all.map((r) => r.ssrc.toString(16)))].join(' -> ')}, largest gap over the whole call ${largestGap(all)} ms`);
  });
});

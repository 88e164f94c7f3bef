// The pure mixing step: one 20 ms frame per listener from the speakers' frames and the gain
// matrix, saturated to 16 bits (sums of loud parties clip instead of wrapping around).
export const FRAME_SAMPLES = 160;

/** inputs[i] is speaker i's frame (null = nothing arrived); gains[j][i] is what listener j takes of i. */
export function mixFrames(inputs: readonly (Int16Array | null)[], gains: readonly (readonly number[])[]): Int16Array[] {
  const acc = new Float64Array(FRAME_SAMPLES);
  return gains.map((row) => {
    acc.fill(0);
    row.forEach((g, i) => {
      const frame = inputs[i];
      if (!frame || g === 0) return;
      for (let s = 0; s < FRAME_SAMPLES; s++) acc[s] = (acc[s] ?? 0) + g * (frame[s] ?? 0);
    });
    const out = new Int16Array(FRAME_SAMPLES);
    for (let s = 0; s < FRAME_SAMPLES; s++) out[s] = Math.max(-32768, Math.min(32767, Math.round(acc[s] ?? 0)));
    return out;
  });
}

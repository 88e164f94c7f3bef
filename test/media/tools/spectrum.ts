// Frequency checks for received audio: Goertzel power at one frequency and a peak scan,
// so tests prove *which* tone arrived, not just that packets did.

export function goertzelPower(samples: ArrayLike<number>, freq: number, rate = 8000): number {
  const k = (2 * Math.PI * freq) / rate;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = (samples[i] ?? 0) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / Math.max(1, samples.length);
}

/** The strongest frequency between lo and hi Hz, scanned in `step` Hz steps. */
export function peakFrequency(samples: ArrayLike<number>, lo = 200, hi = 3400, step = 5, rate = 8000): number {
  let best = lo;
  let bestPower = -1;
  for (let f = lo; f <= hi; f += step) {
    const p = goertzelPower(samples, f, rate);
    if (p > bestPower) {
      bestPower = p;
      best = f;
    }
  }
  return best;
}

export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

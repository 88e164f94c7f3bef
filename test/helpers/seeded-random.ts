// Seeded randomness for the ACD simulations, so a run can be repeated: mulberry32, and the
// exponential draws of Poisson arrivals and handle times.
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponential draw with mean `mean`. */
export const exponential = (random: () => number, mean: number): number => -Math.log(1 - random()) * mean;

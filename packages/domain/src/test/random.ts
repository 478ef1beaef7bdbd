/** Seeded PRNG (mulberry32): same seed, same sequence, so a failing fuzz case can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random integer in 0..max-1 drawn from `random`. */
export function randomInt(random: () => number, max: number): number {
  return Math.floor(random() * max);
}

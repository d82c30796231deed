// Deterministic pseudo-random numbers for generated test inputs (xorshift32): the same seed gives
// the same cases, so the oracle's cached answers stay valid.

/** A generator of numbers in [0, 1) from `seed` (0 is taken as 1). */
export function xorshift32(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

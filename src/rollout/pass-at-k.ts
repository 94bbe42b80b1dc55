/**
 * Unbiased pass@k from n samples of which c passed (Chen et al. 2021, "Evaluating Large Language
 * Models Trained on Code"): 1 − C(n−c, k) / C(n, k), computed as a product to avoid huge binomials.
 */
export function passAtK(samples: number, passed: number, k: number): number {
  if (!Number.isInteger(k) || k < 1 || k > samples) throw new RangeError(`pass@k needs 1 <= k <= n, received k=${k}, n=${samples}`);
  if (samples - passed < k) return 1;
  let allFail = 1;
  for (let i = samples - passed + 1; i <= samples; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

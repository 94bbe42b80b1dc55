/**
 * Group-relative advantages (GRPO, Shao et al. 2024): each completion is compared with the other
 * completions of the same problem, so no value network is needed.
 * - `group`: (r − mean)/(std + ε), GRPO's scaling. The std (unbiased, as TRL computes it) makes
 *   problems that are nearly always solved or nearly always failed weigh as much as open ones,
 *   the difficulty bias Dr. GRPO removes.
 * - `none`: r − mean (Dr. GRPO, Liu et al. 2025).
 * Rewards are laid out group after group: [g0 c0, g0 c1, …, g1 c0, …].
 */
export function groupAdvantages(rewards: readonly number[], groupSize: number, scaling: 'group' | 'none', epsilon = 1e-4): number[] {
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new RangeError(`groupSize must be a positive integer, received ${groupSize}`);
  if (rewards.length % groupSize !== 0) {
    throw new RangeError(`rewards (${rewards.length}) is not a whole number of groups of ${groupSize}`);
  }
  const advantages: number[] = [];
  for (let start = 0; start < rewards.length; start += groupSize) {
    const group = rewards.slice(start, start + groupSize);
    const mean = group.reduce((sum, reward) => sum + reward, 0) / groupSize;
    const scale = scaling === 'group' ? sampleStd(group, mean) + epsilon : 1;
    for (const reward of group) advantages.push((reward - mean) / scale);
  }
  return advantages;
}

function sampleStd(values: readonly number[], mean: number): number {
  if (values.length < 2) return 0;
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

/** True when every reward of the group is the same: its advantages are all 0 and it teaches nothing. */
export function isDegenerateGroup(rewards: readonly number[]): boolean {
  return rewards.every((reward) => reward === rewards[0]);
}

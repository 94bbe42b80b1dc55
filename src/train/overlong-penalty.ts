/**
 * DAPO's soft overlong punishment (Yu et al. 2025, eq. 13): 0 while the completion is shorter than
 * maxTokens − cacheTokens, then a linear ramp down to −penalty at maxTokens, and −penalty beyond.
 * A truncated answer is then discouraged gradually instead of being scored like a wrong one, which
 * would add reward noise to otherwise sound reasoning.
 */
export function overlongPenalty(completionTokens: number, maxTokens: number, cacheTokens: number, penalty = 1): number {
  const expectedLength = maxTokens - cacheTokens;
  if (completionTokens <= expectedLength) return 0;
  if (completionTokens <= maxTokens) return (penalty * (expectedLength - completionTokens)) / cacheTokens;
  return -penalty;
}

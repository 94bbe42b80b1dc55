/**
 * Similarity in [0, 1] as rapidfuzz's `fuzz.ratio` / 100 (the metric behind OpenAI's
 * `fuzzy_match`): 1 − indel distance / (|a| + |b|), i.e. 2 × LCS / (|a| + |b|), over code points.
 * Two empty strings are identical (1).
 */
export function fuzzyRatio(left: string, right: string): number {
  const a = Array.from(left);
  const b = Array.from(right);
  if (a.length + b.length === 0) return 1;
  const [pattern, text] = a.length <= b.length ? [a, b] : [b, a];
  return (2 * longestCommonSubsequence(pattern, text)) / (a.length + b.length);
}

/**
 * Length of the longest common subsequence, bit-parallel (Allison–Dix / Hyyrö): one bit per
 * character of `pattern`, so the cost is |text| × ⌈|pattern| / 32⌉ word operations.
 */
export function longestCommonSubsequence(pattern: readonly string[], text: readonly string[]): number {
  if (pattern.length === 0 || text.length === 0) return 0;
  const words = Math.ceil(pattern.length / 32);
  const matches = new Map<string, Uint32Array>();
  pattern.forEach((char, index) => {
    let mask = matches.get(char);
    if (!mask) matches.set(char, (mask = new Uint32Array(words)));
    mask[index >>> 5]! |= 1 << (index & 31);
  });
  const state = new Uint32Array(words).fill(0xffffffff);
  for (const char of text) {
    const mask = matches.get(char);
    if (!mask) continue;
    let carry = 0;
    for (let word = 0; word < words; word++) {
      const current = state[word]!;
      const matched = (current & mask[word]!) >>> 0;
      // S' = (S + U) | (S − U) with U = S & M; U ⊆ S, so S − U is S without U's bits.
      const sum = current + matched + carry;
      carry = sum > 0xffffffff ? 1 : 0;
      state[word] = ((sum >>> 0) | (current ^ matched)) >>> 0;
    }
  }
  let length = 0;
  for (let index = 0; index < pattern.length; index++) {
    if ((state[index >>> 5]! & (1 << (index & 31))) === 0) length++;
  }
  return length;
}

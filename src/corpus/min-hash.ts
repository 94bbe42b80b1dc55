import { normalizeText } from './normalize-text.js';

export interface ShingleOptions {
  /** Characters suit short prompts, where a changed number or word should still overlap; words suit long texts. */
  unit: 'char' | 'word';
  size: number;
}

export const DEFAULT_SHINGLES: ShingleOptions = { unit: 'char', size: 5 };

/** Bin values are 20-bit; anything above marks an empty bin. */
const EMPTY_BIN = 0x7fffffff;

/** MurmurHash3's 32-bit finalizer: spreads every input bit over the whole word. */
export function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** 32-bit hashes of a normalized text's shingles (a text shorter than one shingle is one shingle). */
export function shingleHashes(normalized: string, shingles: ShingleOptions = DEFAULT_SHINGLES): Int32Array {
  const buffer = new Int32Array(shingleCount(normalized, shingles));
  writeShingleHashes(normalized, shingles, buffer);
  return buffer;
}

function shingleCount(normalized: string, shingles: ShingleOptions): number {
  const length = shingles.unit === 'word' ? normalized.split(' ').filter(Boolean).length : normalized.length;
  return length === 0 ? 0 : Math.max(1, length - shingles.size + 1);
}

/** Fills `target` (at least shingleCount long) and returns the number of shingles. */
function writeShingleHashes(normalized: string, shingles: ShingleOptions, target: Int32Array): number {
  if (shingles.unit === 'word') {
    const words = normalized.split(' ').filter(Boolean);
    return writeHashedRuns(words.map((word) => fnv(word, 0, word.length)), shingles.size, target);
  }
  if (normalized.length === 0) return 0;
  const count = Math.max(1, normalized.length - shingles.size + 1);
  for (let start = 0; start < count; start++) target[start] = fnv(normalized, start, Math.min(normalized.length, start + shingles.size));
  return count;
}

function writeHashedRuns(units: readonly number[], size: number, target: Int32Array): number {
  if (units.length === 0) return 0;
  const count = Math.max(1, units.length - size + 1);
  for (let start = 0; start < count; start++) {
    let hash = 0x811c9dc5;
    for (let position = start, end = Math.min(units.length, start + size); position < end; position++) hash = Math.imul(hash ^ units[position]!, 0x01000193);
    target[start] = hash;
  }
  return count;
}

/** FNV-1a over text[start, end). */
function fnv(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let position = start; position < end; position++) hash = Math.imul(hash ^ text.charCodeAt(position), 0x01000193);
  return hash;
}

/**
 * MinHash signatures by one-permutation hashing with optimal densification (Li, Owen & Zhang,
 * NeurIPS 2012; Shrivastava, ICML 2017): each shingle is hashed once and lands in one of `bins`
 * bins, each bin keeps its minimum, and an empty bin copies the bin a fixed probe sequence finds
 * first. The fraction of equal bins estimates the Jaccard similarity of the shingle sets, at
 * O(shingles + bins) per text instead of O(shingles × bins) for k independent hash functions.
 */
export class MinHasher {
  readonly bins: number;
  readonly shingles: ShingleOptions;
  private shingleBuffer = new Int32Array(256);
  private readonly filled: Uint8Array;
  private readonly donors: Uint8Array;

  /**
   * Shingles too common to tell problems apart (a family's template text), left out of every
   * signature. Without this, prompts sharing a long template all look alike and every query
   * wades through the whole family.
   */
  readonly ignoredShingles: ReadonlySet<number>;

  constructor(bins: number, shingles: ShingleOptions = DEFAULT_SHINGLES, ignoredShingles: ReadonlySet<number> = new Set()) {
    // Bin selection multiplies a 24-bit hash by the bin count and must stay within 32 bits.
    if (!Number.isInteger(bins) || bins < 1 || bins > 256) {
      throw new RangeError(`MinHasher expects an integer bin count in [1, 256], received ${bins}`);
    }
    if (!Number.isInteger(shingles.size) || shingles.size < 1) {
      throw new RangeError(`MinHasher expects a positive integer shingle size, received ${shingles.size}`);
    }
    this.bins = bins;
    this.shingles = shingles;
    this.filled = new Uint8Array(bins);
    this.donors = donorOrders(bins);
    this.ignoredShingles = ignoredShingles;
  }

  /** The signature of a raw text, or undefined when it normalizes to nothing. */
  signature(text: string): Int32Array | undefined {
    const signature = new Int32Array(this.bins);
    return this.signatureInto(text, signature) ? signature : undefined;
  }

  /** Writes the signature into `target` without allocating; false when the text normalizes to nothing. */
  signatureInto(text: string, target: Int32Array): boolean {
    const normalized = normalizeText(text);
    const needed = shingleCount(normalized, this.shingles);
    if (needed > this.shingleBuffer.length) this.shingleBuffer = new Int32Array(Math.max(needed, this.shingleBuffer.length * 2));
    const count = writeShingleHashes(normalized, this.shingles, this.shingleBuffer);
    return this.fill(this.shingleBuffer, count, target);
  }

  private fill(hashes: Int32Array, count: number, signature: Int32Array): boolean {
    if (count === 0) return false;
    signature.fill(EMPTY_BIN);
    const ignoring = this.ignoredShingles.size > 0;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      if (ignoring && this.ignoredShingles.has(hashes[i]!)) continue;
      kept++;
      // One mix per shingle: its top 12 bits pick the bin (multiply-shift, no modulo), the low
      // 20 bits are the value, so bin and value stay independent.
      const mixed = mix32(hashes[i]!);
      const bin = ((mixed >>> 20) * this.bins) >>> 12;
      const value = mixed & 0xfffff;
      if (value < signature[bin]!) signature[bin] = value;
    }
    if (kept === 0) return false;
    this.densify(signature);
    return true;
  }

  private densify(signature: Int32Array): void {
    const { bins, filled, donors } = this;
    let empty = 0;
    for (let bin = 0; bin < bins; bin++) {
      filled[bin] = signature[bin] === EMPTY_BIN ? 0 : 1;
      empty += 1 - filled[bin]!;
    }
    if (empty === 0) return;
    for (let bin = 0; bin < bins; bin++) {
      if (filled[bin]) continue;
      // At least one bin is filled, so the walk through every other bin finds a donor.
      for (let donor = bin * bins; ; donor++) {
        if (filled[donors[donor]!]) {
          signature[bin] = signature[donors[donor]!]!;
          break;
        }
      }
    }
  }
}

/**
 * Per bin, every bin in a fixed pseudo-random order: where an empty bin looks for its donor.
 * The order depends on the bin only, so equal shingle sets get equal signatures.
 */
function donorOrders(bins: number): Uint8Array {
  const orders = new Uint8Array(bins * bins);
  for (let bin = 0; bin < bins; bin++) {
    const order = orders.subarray(bin * bins, (bin + 1) * bins);
    for (let i = 0; i < bins; i++) order[i] = i;
    for (let i = bins - 1; i > 0; i--) {
      const j = (mix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(i, 0x85ebca77)) >>> 0) % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  }
  return orders;
}

/** Estimated Jaccard similarity: the share of bins where two signatures agree. */
export function estimatedSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/**
 * Texts sampled to find template shingles: a shingle every prompt of a family shares shows up in
 * about 250 of them for a family of 5 % of the corpus, far from the noise of chance repeats.
 */
export const TEMPLATE_SAMPLE_SIZE = 5_000;

/**
 * Below this many texts sharing it, a shingle is never template text: in a small sample, text two
 * prompts share is what makes them near duplicates, the very thing to find.
 */
const TEMPLATE_MIN_REPEATS = 20;

/**
 * Shingles found in more than `maxShare` of a sample of texts (and in more than 20 of them): template boilerplate such as
 * "Put your final answer in <answer></answer>." that every prompt of a family repeats.
 */
export function frequentShingles(texts: Iterable<string>, shingles: ShingleOptions = DEFAULT_SHINGLES, maxShare = 0.05): Set<number> {
  // Each text's distinct shingles go into one array; sorted, a shingle's run length is the number
  // of texts that have it. Counting in a Map of millions of mostly-unique shingles cost 8x more.
  let distinct: Int32Array = new Int32Array(1 << 16);
  let used = 0;
  let count = 0;
  for (const text of texts) {
    count++;
    const hashes = shingleHashes(normalizeText(text), shingles).sort();
    if (used + hashes.length > distinct.length) distinct = resizedInt32(distinct, Math.max(distinct.length * 2, used + hashes.length));
    for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) distinct[used++] = hashes[i]!;
  }
  const sorted = distinct.subarray(0, used).sort();
  const limit = Math.max(TEMPLATE_MIN_REPEATS, maxShare * count);
  const frequent = new Set<number>();
  for (let start = 0, end = 0; start < used; start = end) {
    while (end < used && sorted[end] === sorted[start]) end++;
    if (end - start > limit) frequent.add(sorted[start]!);
  }
  return frequent;
}

function resizedInt32(array: Int32Array, length: number): Int32Array {
  const larger = new Int32Array(length);
  larger.set(array);
  return larger;
}

import { DEFAULT_SHINGLES, MinHasher, mix32, type ShingleOptions } from './min-hash.js';

export interface NearDuplicateOptions {
  /** Estimated Jaccard similarity at or above which two prompts are near duplicates (default 0.8). */
  threshold?: number;
  /**
   * LSH banding: the signature has bands × rows bins; two texts become candidates when all rows
   * of some band agree, with probability 1 - (1 - J^rows)^bands. The default 20 × 6 finds a pair
   * at J = 0.8 with probability 0.998 and at 0.7 with 0.92, while a pair at 0.4 is only checked
   * with probability 0.08, which keeps queries cheap on large corpora.
   */
  bands?: number;
  rows?: number;
  shingles?: ShingleOptions;
  /** Shingle hashes left out of signatures (see `frequentShingles`); fixed for the index's life. */
  ignoredShingles?: ReadonlySet<number>;
}

export interface NearDuplicateMatch {
  id: string;
  similarity: number;
  /** Position of the match in the index: 0 for the first text added. */
  order: number;
}

const NO_ITEM = -1;
const INITIAL_CAPACITY = 1024;

/**
 * MinHash LSH over prompts, held in typed arrays so a million problems fit in a few hundred MB
 * and a query touches only its candidates: per band, a chained hash table from the band's key to
 * the items sharing it. An item's key and next link for a band sit side by side, so walking a
 * chain costs one cache miss per item. Similarity is then estimated from 8-bit signature bins
 * (the low bits of each minimum; a chance collision adds (1 − J)/256 to the estimate, under half
 * a point, and halves the memory of 16-bit bins). Not persisted:
 * it is rebuilt from the prompts (`buildNearDuplicateIndex`) in seconds, so it can never
 * disagree with the DB.
 */
export class NearDuplicateIndex {
  readonly threshold: number;
  readonly bands: number;
  readonly rows: number;
  private readonly hasher: MinHasher;
  private ids: string[] = [];
  private capacity = INITIAL_CAPACITY;
  private signatures: Uint8Array;
  /** Per item and band, [band key, next item with the same table slot]. */
  private links: Int32Array;
  /** Per band, `capacity` slots holding the first item of their chain. */
  private heads: Int32Array;
  private visited: Uint32Array;
  private visitStamp = 0;
  private readonly signature: Int32Array;
  private readonly keys: Int32Array;

  constructor(options: NearDuplicateOptions = {}) {
    this.threshold = options.threshold ?? 0.8;
    this.bands = options.bands ?? 20;
    this.rows = options.rows ?? 6;
    if (!(this.threshold > 0 && this.threshold <= 1)) throw new RangeError(`near-duplicate threshold must be in (0, 1], received ${this.threshold}`);
    for (const [name, value] of [['bands', this.bands], ['rows', this.rows]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`near-duplicate ${name} must be a positive integer, received ${value}`);
    }
    this.hasher = new MinHasher(this.bands * this.rows, options.shingles ?? DEFAULT_SHINGLES, options.ignoredShingles);
    this.signature = new Int32Array(this.hasher.bins);
    this.keys = new Int32Array(this.bands);
    this.signatures = new Uint8Array(this.capacity * this.hasher.bins);
    this.links = new Int32Array(this.capacity * this.bands * 2);
    this.heads = new Int32Array(this.capacity * this.bands).fill(NO_ITEM);
    this.visited = new Uint32Array(this.capacity);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Indexes a prompt under an id; a prompt with no text to compare is skipped. */
  add(id: string, text: string): void {
    if (this.sign(text)) this.addSigned(id);
  }

  /** Makes room for `count` more problems at once instead of growing step by step. */
  reserve(count: number): void {
    let capacity = this.capacity;
    while (capacity < this.ids.length + count) capacity *= 2;
    if (capacity > this.capacity) this.grow(capacity);
  }

  /** Stored near duplicates of a text, most similar first. */
  query(text: string, limit = Infinity): NearDuplicateMatch[] {
    return this.sign(text) ? this.querySigned(limit) : [];
  }

  /** Near duplicates already indexed, then indexes the text: one signature for both. */
  queryThenAdd(id: string, text: string, limit = Infinity): NearDuplicateMatch[] {
    if (!this.sign(text)) return [];
    const matches = this.querySigned(limit);
    this.addSigned(id);
    return matches;
  }

  /** Computes the text's signature and band keys into the scratch arrays; false when there is no text. */
  private sign(text: string): boolean {
    if (!this.hasher.signatureInto(text, this.signature)) return false;
    for (let band = 0; band < this.bands; band++) {
      let key = band + 1;
      for (let row = band * this.rows, end = row + this.rows; row < end; row++) key = (mix32(key ^ this.signature[row]!) + row) | 0;
      this.keys[band] = key;
    }
    return true;
  }

  private querySigned(limit: number): NearDuplicateMatch[] {
    const { bands, links, signatures, signature } = this;
    const bins = signature.length;
    const mask = this.capacity - 1;
    const stamp = this.nextVisitStamp();
    let matches: Array<{ item: number; similarity: number }> | undefined;
    for (let band = 0; band < bands; band++) {
      const key = this.keys[band]!;
      for (let item = this.heads[band * this.capacity + (mix32(key) & mask)]!; item !== NO_ITEM; item = links[(item * bands + band) * 2 + 1]!) {
        if (links[(item * bands + band) * 2] !== key || this.visited[item] === stamp) continue;
        this.visited[item] = stamp;
        let equal = 0;
        for (let bin = 0, offset = item * bins; bin < bins; bin++) if (signatures[offset + bin] === (signature[bin]! & 0xff)) equal++;
        if (equal / bins >= this.threshold) (matches ??= []).push({ item, similarity: equal / bins });
      }
    }
    if (!matches) return [];
    matches.sort((a, b) => b.similarity - a.similarity || a.item - b.item);
    return matches.slice(0, limit).map(({ item, similarity }) => ({ id: this.ids[item]!, similarity, order: item }));
  }

  private addSigned(id: string): void {
    const item = this.ids.length;
    if (item === this.capacity) this.grow(this.capacity * 2);
    this.ids.push(id);
    const bins = this.signature.length;
    for (let bin = 0; bin < bins; bin++) this.signatures[item * bins + bin] = this.signature[bin]! & 0xff;
    for (let band = 0; band < this.bands; band++) this.links[(item * this.bands + band) * 2] = this.keys[band]!;
    this.link(item);
  }

  private link(item: number): void {
    const mask = this.capacity - 1;
    for (let band = 0; band < this.bands; band++) {
      const entry = (item * this.bands + band) * 2;
      const slot = band * this.capacity + (mix32(this.links[entry]!) & mask);
      this.links[entry + 1] = this.heads[slot]!;
      this.heads[slot] = item;
    }
  }

  /** Enlarges every array and rehashes the chains, keeping one table slot per item per band. */
  private grow(capacity: number): void {
    this.capacity = capacity;
    this.signatures = resized(this.signatures, this.capacity * this.hasher.bins);
    this.links = resized(this.links, this.capacity * this.bands * 2);
    this.heads = new Int32Array(this.capacity * this.bands).fill(NO_ITEM);
    this.visited = new Uint32Array(this.capacity);
    this.visitStamp = 0;
    for (let item = 0; item < this.ids.length; item++) this.link(item);
  }

  private nextVisitStamp(): number {
    if (this.visitStamp === 0xffffffff) {
      this.visited.fill(0);
      this.visitStamp = 0;
    }
    return ++this.visitStamp;
  }
}

function resized<T extends Uint8Array | Int32Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}

/**
 * A segment tree of non-negative weights: set one weight or draw an index with probability
 * proportional to its weight, both in O(log n). Each parent is recomputed from its two children
 * (never adjusted by a delta), so millions of updates accumulate no rounding drift.
 */
export class SumTree {
  readonly size: number;
  private readonly leafOffset: number;
  private readonly nodes: Float64Array;

  constructor(weights: ArrayLike<number> | number) {
    this.size = typeof weights === 'number' ? weights : weights.length;
    if (!Number.isInteger(this.size) || this.size < 0) {
      throw new RangeError(`SumTree expects a non-negative integer size, received ${this.size}`);
    }
    let leafOffset = 1;
    while (leafOffset < this.size) leafOffset *= 2;
    this.leafOffset = leafOffset;
    this.nodes = new Float64Array(2 * leafOffset);
    if (typeof weights !== 'number') {
      for (let i = 0; i < this.size; i++) this.nodes[leafOffset + i] = checkWeight(weights[i]!, i);
      for (let node = leafOffset - 1; node >= 1; node--) {
        this.nodes[node] = this.nodes[2 * node]! + this.nodes[2 * node + 1]!;
      }
    }
  }

  get total(): number {
    return this.nodes[1] ?? 0;
  }

  get(index: number): number {
    this.checkIndex(index);
    return this.nodes[this.leafOffset + index]!;
  }

  set(index: number, weight: number): void {
    this.checkIndex(index);
    let node = this.leafOffset + index;
    this.nodes[node] = checkWeight(weight, index);
    for (node >>= 1; node >= 1; node >>= 1) {
      this.nodes[node] = this.nodes[2 * node]! + this.nodes[2 * node + 1]!;
    }
  }

  /**
   * Sets every weight to `weightAt(index)` and recomputes the parents bottom-up: O(n), cheaper than
   * n single `set`s (O(n log n)) when a large share of the leaves changes at once.
   */
  refill(weightAt: (index: number) => number): void {
    for (let i = 0; i < this.size; i++) this.nodes[this.leafOffset + i] = checkWeight(weightAt(i), i);
    for (let node = this.leafOffset - 1; node >= 1; node--) {
      this.nodes[node] = this.nodes[2 * node]! + this.nodes[2 * node + 1]!;
    }
  }

  /**
   * The index whose cumulative-weight interval contains `uniform * total`, for `uniform` in [0, 1).
   * Throws when every weight is zero, since no index can then be drawn.
   */
  find(uniform: number): number {
    const total = this.total;
    if (!(total > 0)) throw new RangeError('SumTree.find: every weight is zero, nothing can be drawn');
    let target = uniform * total;
    let node = 1;
    while (node < this.leafOffset) {
      const left = this.nodes[2 * node]!;
      // Going right needs positive right weight: guards against rounding that overshoots the total.
      if (target < left || this.nodes[2 * node + 1]! <= 0) {
        node = 2 * node;
      } else {
        target -= left;
        node = 2 * node + 1;
      }
    }
    return node - this.leafOffset;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`SumTree index must be an integer in [0, ${this.size}), received ${index}`);
    }
  }
}

function checkWeight(weight: number, index: number): number {
  if (!(weight >= 0) || !Number.isFinite(weight)) {
    throw new RangeError(`SumTree weights must be finite and >= 0, received ${weight} at index ${index}`);
  }
  return weight;
}

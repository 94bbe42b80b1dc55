import type { Attempt } from '../core/corpus.js';

/** What the model needs to know about a problem: its family and difficulty label in [0, 1]. */
export interface ItemLabel {
  family: string;
  difficulty: number;
}

export type ItemLookup = (problemId: string) => ItemLabel | undefined;

export interface ItemResponseOptions {
  /** Prior sd of a problem's difficulty around its family's label-based prediction (logits). Default 1. */
  difficultyPriorSd?: number;
  /** Prior sd of the first policy version's ability (logits). Default 2. */
  abilityPriorSd?: number;
  /** How far a new policy version's ability may move from the previous version's (sd, logits). Default 1. */
  abilityDriftSd?: number;
  /** Prior slope of difficulty in logits per unit of label: label 0 → −slope/2, 1 → +slope/2. Default 4. */
  labelSlope?: number;
  /** Prior sd of each family's offset and slope. Default 2. */
  familyPriorSd?: number;
}

/** A Gaussian belief about one parameter: posterior mean and precision (1 / variance). */
export interface Belief {
  mean: number;
  precision: number;
}

export interface ProblemBelief extends Belief, ItemLabel {}

/** Serializable parameters; the family calibration is recomputed from the problems when loaded. */
export interface ItemResponseSnapshot {
  options: Required<ItemResponseOptions>;
  /** In order of first appearance, which the ability random walk follows. */
  versions: Array<[name: string, mean: number, precision: number]>;
  problems: Array<[id: string, family: string, label: number, mean: number, precision: number]>;
}

const DEFAULTS: Required<ItemResponseOptions> = {
  difficultyPriorSd: 1,
  abilityPriorSd: 2,
  abilityDriftSd: 1,
  labelSlope: 4,
  familyPriorSd: 2,
};
const NEWTON_STEPS = 4;

/**
 * One-parameter item response (Rasch) model: P(success of version v on problem i) = σ(θ_v − b_i),
 * with b_i ~ N(offset_f + slope_f·(label_i − ½), σ_b²) centred on the family's calibration of its
 * difficulty labels, and abilities following a random walk across versions (θ_first ~ N(0, σ_θ²),
 * θ_next ~ N(θ_previous, drift²)). A fractional score counts as that fraction of a success.
 *
 * `update` is online assumed-density filtering: each parameter keeps a Gaussian belief, and a batch
 * of attempts moves it to the mode of (belief × batch likelihood) with a few Newton steps, adding the
 * batch's Fisher information to its precision. `refit` computes the joint MAP from all attempts by
 * alternating Newton steps. Family calibrations are a ridge regression of the attempted problems'
 * difficulties on their labels, kept as running sums, so an unseen problem is placed from its label.
 */
export class ItemResponseModel {
  readonly options: Required<ItemResponseOptions>;
  private readonly versions = new Map<string, Belief>();
  private readonly problems = new Map<string, ProblemBelief>();
  private readonly families = new Map<string, FamilySums>();
  /** Problems changed since the last `takeChanged`, so persistence writes only those. */
  private changed = new Set<string>();

  constructor(options: ItemResponseOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    for (const [name, value] of Object.entries(this.options)) {
      if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`ItemResponseModel option ${name} must be > 0, received ${value}`);
    }
  }

  /** Folds a batch of attempts into the beliefs: abilities first, then difficulties. */
  update(attempts: readonly Attempt[], lookup: ItemLookup): void {
    const cells = aggregate(attempts);
    for (const cell of cells) this.ensureProblem(cell.problemId, lookup);
    for (const [version, versionCells] of groupBy(cells, (cell) => cell.version)) {
      const belief = this.versionBelief(version);
      const updated = posteriorMode(belief.mean, belief.precision, versionCells, (cell, theta) => sigmoid(theta - this.problems.get(cell.problemId)!.mean), 1);
      this.versions.set(version, updated);
    }
    for (const [problemId, problemCells] of groupBy(cells, (cell) => cell.problemId)) {
      const belief = this.problems.get(problemId)!;
      const updated = posteriorMode(belief.mean, belief.precision, problemCells, (cell, b) => sigmoid(this.versions.get(cell.version)!.mean - b), -1);
      this.setProblem(problemId, { ...belief, ...updated });
    }
  }

  /**
   * Joint MAP estimate from all attempts (replaces every belief): alternating Newton steps on the
   * abilities, the difficulties and the family calibrations until the largest change is below
   * `tolerance` or `maxIterations` passes are done.
   */
  refit(attempts: readonly Attempt[], lookup: ItemLookup, { maxIterations = 200, tolerance = 1e-6 } = {}): { iterations: number; converged: boolean } {
    const cells = aggregate(attempts);
    const versionOrder = [...new Set([...this.versions.keys(), ...cells.map((cell) => cell.version)])];
    this.versions.clear();
    this.problems.clear();
    this.families.clear();
    this.changed.clear();
    for (const cell of cells) this.ensureProblem(cell.problemId, lookup);
    for (const version of versionOrder) this.versions.set(version, { mean: 0, precision: 0 });
    const byVersion = groupBy(cells, (cell) => cell.version);
    const byProblem = groupBy(cells, (cell) => cell.problemId);
    let iteration = 0;
    for (; iteration < maxIterations; iteration++) {
      let largestChange = 0;
      versionOrder.forEach((version, index) => {
        const [priorMean, priorPrecision] = this.randomWalkPrior(versionOrder, index);
        const current = this.versions.get(version)!;
        const updated = newtonFromPoint(current.mean, priorMean, priorPrecision, byVersion.get(version) ?? [], (cell, theta) =>
          sigmoid(theta - this.problems.get(cell.problemId)!.mean), 1);
        largestChange = Math.max(largestChange, Math.abs(updated.mean - current.mean));
        this.versions.set(version, updated);
      });
      for (const [problemId, problemCells] of byProblem) {
        const current = this.problems.get(problemId)!;
        const updated = newtonFromPoint(current.mean, this.priorMean(current), this.priorPrecision(), problemCells, (cell, b) =>
          sigmoid(this.versions.get(cell.version)!.mean - b), -1);
        largestChange = Math.max(largestChange, Math.abs(updated.mean - current.mean));
        this.setProblem(problemId, { ...current, ...updated });
      }
      largestChange = Math.max(largestChange, Math.abs(this.recentre(versionOrder[0])));
      if (largestChange < tolerance) return { iterations: iteration + 1, converged: true };
    }
    return { iterations: maxIterations, converged: false };
  }

  /**
   * Moving every ability and difficulty by the same amount leaves the likelihood unchanged, so
   * coordinate steps crawl along that direction; this jumps to where the priors that pin it (the
   * first ability's and the family offsets') balance. Returns the shift applied.
   */
  private recentre(firstVersion: string | undefined): number {
    if (firstVersion === undefined) return 0;
    const abilityPrecision = 1 / this.options.abilityPriorSd ** 2;
    const offsetPrecision = 1 / this.options.familyPriorSd ** 2;
    let weighted = abilityPrecision * this.versions.get(firstVersion)!.mean;
    let precision = abilityPrecision;
    for (const family of this.families.keys()) {
      weighted += offsetPrecision * this.familyCalibration(family).offset;
      precision += offsetPrecision;
    }
    const shift = -weighted / precision;
    for (const belief of this.versions.values()) belief.mean += shift;
    for (const [problemId, belief] of [...this.problems]) this.setProblem(problemId, { ...belief, mean: belief.mean + shift });
    return shift;
  }

  /** P(success) of `version` (default: the latest) on a problem, known or only labelled. */
  successProbability(problemId: string, version?: string, label?: ItemLabel): number {
    return sigmoid(this.ability(version).mean - this.difficulty(problemId, label).mean);
  }

  /** Belief about a problem's difficulty; an unseen one gets its family's label-based prior. */
  difficulty(problemId: string, label?: ItemLabel): Belief {
    const known = this.problems.get(problemId);
    if (known) return { mean: known.mean, precision: known.precision };
    if (!label) throw new RangeError(`difficulty: problem ${problemId} is unknown to the model; pass its label`);
    return { mean: this.priorMean(label), precision: this.priorPrecision() };
  }

  /** Belief about a version's ability (default: the latest version seen). */
  ability(version?: string): Belief {
    const name = version ?? this.latestVersion();
    if (name === undefined) return { mean: 0, precision: 1 / this.options.abilityPriorSd ** 2 };
    const belief = this.versions.get(name);
    if (!belief) throw new RangeError(`ability: unknown policy version "${name}"`);
    return { ...belief };
  }

  latestVersion(): string | undefined {
    let last: string | undefined;
    for (const name of this.versions.keys()) last = name;
    return last;
  }

  /** The family's current calibration: difficulty ≈ offset + slope·(label − ½). */
  familyCalibration(family: string): { offset: number; slope: number } {
    const { familyPriorSd, labelSlope, difficultyPriorSd } = this.options;
    const sums = this.families.get(family) ?? emptySums();
    // Ridge regression: prior offset ~ N(0, sd²), slope ~ N(labelSlope, sd²); residual sd σ_b.
    const noise = 1 / difficultyPriorSd ** 2;
    const prior = 1 / familyPriorSd ** 2;
    const a11 = sums.count * noise + prior;
    const a12 = sums.x * noise;
    const a22 = sums.xx * noise + prior;
    const r1 = sums.b * noise;
    const r2 = sums.xb * noise + labelSlope * prior;
    const determinant = a11 * a22 - a12 * a12;
    return { offset: (r1 * a22 - a12 * r2) / determinant, slope: (a11 * r2 - a12 * r1) / determinant };
  }

  problemBelief(problemId: string): ProblemBelief | undefined {
    const belief = this.problems.get(problemId);
    return belief && { ...belief };
  }

  /** Ids of problems whose belief changed since the last call, for incremental persistence. */
  takeChanged(): string[] {
    const changed = [...this.changed];
    this.changed = new Set();
    return changed;
  }

  snapshot(): ItemResponseSnapshot {
    return {
      options: { ...this.options },
      versions: [...this.versions].map(([name, belief]) => [name, belief.mean, belief.precision]),
      problems: [...this.problems].map(([id, belief]) => [id, belief.family, belief.difficulty, belief.mean, belief.precision]),
    };
  }

  static fromSnapshot(snapshot: ItemResponseSnapshot): ItemResponseModel {
    const model = new ItemResponseModel(snapshot.options);
    for (const [name, mean, precision] of snapshot.versions) model.versions.set(name, { mean, precision });
    for (const [id, family, difficulty, mean, precision] of snapshot.problems) model.setProblem(id, { family, difficulty, mean, precision });
    model.changed.clear();
    return model;
  }

  private ensureProblem(problemId: string, lookup: ItemLookup): void {
    if (this.problems.has(problemId)) return;
    const label = lookup(problemId);
    if (!label) throw new RangeError(`item response: no label for problem ${problemId} (unknown problem id?)`);
    this.setProblem(problemId, { family: label.family, difficulty: label.difficulty, mean: this.priorMean(label), precision: this.priorPrecision() });
  }

  private setProblem(problemId: string, belief: ProblemBelief): void {
    const previous = this.problems.get(problemId);
    if (previous) this.addToFamily(previous, -1);
    this.problems.set(problemId, belief);
    this.addToFamily(belief, 1);
    this.changed.add(problemId);
  }

  private addToFamily(belief: ProblemBelief, sign: 1 | -1): void {
    let sums = this.families.get(belief.family);
    if (!sums) this.families.set(belief.family, (sums = emptySums()));
    const x = belief.difficulty - 0.5;
    sums.count += sign;
    sums.x += sign * x;
    sums.xx += sign * x * x;
    sums.b += sign * belief.mean;
    sums.xb += sign * x * belief.mean;
  }

  private priorMean(label: ItemLabel): number {
    const { offset, slope } = this.familyCalibration(label.family);
    return offset + slope * (label.difficulty - 0.5);
  }

  private priorPrecision(): number {
    return 1 / this.options.difficultyPriorSd ** 2;
  }

  /** A new version starts from the latest one, widened by the drift. */
  private versionBelief(version: string): Belief {
    const known = this.versions.get(version);
    if (known) return known;
    const latest = this.latestVersion();
    if (latest === undefined) return { mean: 0, precision: 1 / this.options.abilityPriorSd ** 2 };
    const previous = this.versions.get(latest)!;
    return { mean: previous.mean, precision: 1 / (1 / previous.precision + this.options.abilityDriftSd ** 2) };
  }

  /** In a refit, version k's prior is N(θ_{k−1}, drift²) and the next version pulls it too. */
  private randomWalkPrior(order: readonly string[], index: number): [mean: number, precision: number] {
    const drift = 1 / this.options.abilityDriftSd ** 2;
    let weighted = 0;
    let precision = 0;
    if (index === 0) precision += 1 / this.options.abilityPriorSd ** 2;
    else {
      weighted += drift * this.versions.get(order[index - 1]!)!.mean;
      precision += drift;
    }
    if (index + 1 < order.length) {
      weighted += drift * this.versions.get(order[index + 1]!)!.mean;
      precision += drift;
    }
    return [weighted / precision, precision];
  }
}

interface FamilySums {
  count: number;
  x: number;
  xx: number;
  b: number;
  xb: number;
}

function emptySums(): FamilySums {
  return { count: 0, x: 0, xx: 0, b: 0, xb: 0 };
}

/** Attempts of one version on one problem: count and summed score. */
interface Cell {
  problemId: string;
  version: string;
  count: number;
  successes: number;
}

function aggregate(attempts: readonly Attempt[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const attempt of attempts) {
    if (!(attempt.score >= 0 && attempt.score <= 1)) {
      throw new RangeError(`item response: score must be in [0, 1], received ${attempt.score} for ${attempt.problemId}`);
    }
    const key = `${attempt.policyVersion}\u0000${attempt.problemId}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { problemId: attempt.problemId, version: attempt.policyVersion, count: 0, successes: 0 }));
    cell.count += 1;
    cell.successes += attempt.score;
  }
  return [...cells.values()];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

/** Mode of N(mean, 1/precision) × the cells' likelihood, and the precision there (Laplace). */
function posteriorMode(mean: number, precision: number, cells: readonly Cell[], probability: (cell: Cell, x: number) => number, sign: 1 | -1): Belief {
  let x = mean;
  for (let step = 0; step < NEWTON_STEPS; step++) x = newtonFromPoint(x, mean, precision, cells, probability, sign).mean;
  return newtonFromPoint(x, mean, precision, cells, probability, sign);
}

/**
 * One Newton step on log N(x; priorMean, 1/priorPrecision) + Σ [y log p + (n − y) log(1 − p)],
 * p = probability(cell, x), where dp/dx = sign·p(1 − p) (sign +1 for an ability, −1 for a difficulty).
 */
function newtonFromPoint(x: number, priorMean: number, priorPrecision: number, cells: readonly Cell[], probability: (cell: Cell, x: number) => number, sign: 1 | -1): Belief {
  let gradient = -priorPrecision * (x - priorMean);
  let information = priorPrecision;
  for (const cell of cells) {
    const p = probability(cell, x);
    gradient += sign * (cell.successes - cell.count * p);
    information += cell.count * p * (1 - p);
  }
  // Step clipped to ±2 logits: early passes of a refit can start far from the mode.
  const step = Math.max(-2, Math.min(2, gradient / information));
  return { mean: x + step, precision: information };
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

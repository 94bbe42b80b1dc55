import type { SqliteCorpus } from './sqlite-corpus.js';

export interface GapReportOptions {
  /** Number of equal difficulty bands over [0, 1] (default 10, i.e. bands of 0.1). */
  bands?: number;
  /** Whose pass rates to show; default the policy version of the most recent attempt. */
  policyVersion?: string;
}

export type BandFlag = 'gap' | 'all-fail' | 'all-pass';

export interface DifficultyBand {
  from: number;
  to: number;
  problems: number;
  /** Problems with at least one attempt by the reported policy version. */
  attempted: number;
  attempts: number;
  successes: number;
  /** successes / attempts of the reported policy version; null without attempts. */
  passRate: number | null;
  flags: BandFlag[];
}

export interface FamilyGaps {
  family: string;
  problems: number;
  /** Problems imported without a difficulty label: counted here, kept out of the bands. */
  unlabeled: number;
  bands: DifficultyBand[];
  /** Empty bands between populated ones: the ladder lacks these rungs. */
  missingRungs: string[];
  /** Adjacent populated bands where the model goes from all right to all wrong: a rung is missing between them. */
  cliffs: string[];
}

export interface GapReport {
  bandWidth: number;
  policyVersion: string | null;
  families: FamilyGaps[];
}

interface BandRow {
  family: string;
  band: number | null;
  problems: number;
  attempted: number;
  attempts: number;
  successes: number;
}

/**
 * Difficulty histogram per family with measured pass rates, flagging where a curriculum has no
 * problems to offer (gaps) and where the model is saturated or stuck (0 % or 100 %).
 */
export function buildGapReport(corpus: SqliteCorpus, options: GapReportOptions = {}): GapReport {
  const bandCount = options.bands ?? 10;
  if (!Number.isInteger(bandCount) || bandCount < 1 || bandCount > 1000) throw new RangeError(`bands must be an integer in [1, 1000], received ${bandCount}`);
  const policyVersion = options.policyVersion ?? corpus.latestPolicyVersion() ?? null;
  const rows = corpus.db
    .prepare(
      `SELECT p.family AS family,
         CASE WHEN json_extract(p.metadata, '$.difficultyUnlabeled') THEN NULL ELSE min(CAST(p.difficulty * @bands AS INTEGER), @bands - 1) END AS band,
         count(*) AS problems, count(a.problem_id) AS attempted,
         coalesce(sum(a.attempts), 0) AS attempts, coalesce(sum(a.successes), 0) AS successes
       FROM problems p
       LEFT JOIN (SELECT problem_id, count(*) AS attempts, sum(score >= 1) AS successes FROM attempts WHERE policy_version = @policy GROUP BY problem_id) a
         ON a.problem_id = p.id
       GROUP BY family, band ORDER BY family, band`,
    )
    .all({ bands: bandCount, policy: policyVersion }) as BandRow[];

  const byFamily = new Map<string, BandRow[]>();
  for (const row of rows) byFamily.set(row.family, [...(byFamily.get(row.family) ?? []), row]);
  const families = [...byFamily].map(([family, familyRows]) => familyGaps(family, familyRows, bandCount));
  return { bandWidth: 1 / bandCount, policyVersion, families };
}

function familyGaps(family: string, rows: BandRow[], bandCount: number): FamilyGaps {
  const bands: DifficultyBand[] = Array.from({ length: bandCount }, (_, index) => ({
    from: index / bandCount,
    to: (index + 1) / bandCount,
    problems: 0,
    attempted: 0,
    attempts: 0,
    successes: 0,
    passRate: null,
    flags: [],
  }));
  let unlabeled = 0;
  for (const row of rows) {
    if (row.band === null) {
      unlabeled += row.problems;
      continue;
    }
    const band = bands[row.band]!;
    Object.assign(band, { problems: row.problems, attempted: row.attempted, attempts: row.attempts, successes: row.successes });
    band.passRate = row.attempts > 0 ? row.successes / row.attempts : null;
  }
  const populated = bands.flatMap((band, index) => (band.problems > 0 ? [index] : []));
  const missingRungs: string[] = [];
  const cliffs: string[] = [];
  if (populated.length > 0) {
    for (let index = populated[0]!; index <= populated.at(-1)!; index++) {
      if (bands[index]!.problems === 0) {
        bands[index]!.flags.push('gap');
        missingRungs.push(bandLabel(bands[index]!));
      }
    }
  }
  for (const band of bands) {
    if (band.attempts === 0) continue;
    if (band.successes === 0) band.flags.push('all-fail');
    else if (band.successes === band.attempts) band.flags.push('all-pass');
  }
  for (let i = 1; i < populated.length; i++) {
    const easier = bands[populated[i - 1]!]!;
    const harder = bands[populated[i]!]!;
    if (easier.flags.includes('all-pass') && harder.flags.includes('all-fail')) cliffs.push(`${bandLabel(easier)} → ${bandLabel(harder)}`);
  }
  const problems = rows.reduce((sum, row) => sum + row.problems, 0);
  return { family, problems, unlabeled, bands, missingRungs, cliffs };
}

export function bandLabel(band: Pick<DifficultyBand, 'from' | 'to'>): string {
  return `${formatBound(band.from)}–${formatBound(band.to)}`;
}

function formatBound(value: number): string {
  return Number(value.toFixed(3)).toString();
}

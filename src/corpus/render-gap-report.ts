import { bandLabel, type DifficultyBand, type FamilyGaps, type GapReport } from './gap-report.js';

const COUNT_BAR_WIDTH = 24;
const RATE_BAR_WIDTH = 10;
const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** The gap report as a terminal table: one block per family, one line per band. */
export function renderGapReport(report: GapReport): string {
  if (report.families.length === 0) return 'The corpus has no problems yet.\n';
  const policy = report.policyVersion ? `pass rates of policy version ${report.policyVersion}` : 'no attempts recorded yet: no pass rates';
  const lines = [`Difficulty by family (bands of ${Number(report.bandWidth.toFixed(3))}; ${policy})`, ''];
  for (const family of report.families) lines.push(...renderFamily(family), '');
  const missing = report.families.filter((family) => family.missingRungs.length > 0 || family.cliffs.length > 0);
  lines.push(
    missing.length === 0
      ? 'No family is missing a rung.'
      : `Missing rungs: ${missing.map((family) => `${family.family} (${[...family.missingRungs, ...family.cliffs.map((cliff) => `cliff ${cliff}`)].join(', ')})`).join('; ')}`,
  );
  return lines.join('\n') + '\n';
}

function renderFamily(family: FamilyGaps): string[] {
  const most = Math.max(1, ...family.bands.map((band) => band.problems));
  const header = `${family.family}: ${family.problems} problems${family.unlabeled ? ` (${family.unlabeled} without a difficulty label, not banded)` : ''}`;
  const lines = [header, `  ${'band'.padEnd(11)} ${'problems'.padEnd(COUNT_BAR_WIDTH + 8)} pass rate`];
  const first = family.bands.findIndex((band) => band.problems > 0);
  const last = family.bands.findLastIndex((band) => band.problems > 0);
  for (const [index, band] of family.bands.entries()) {
    if (band.problems === 0 && (index < first || index > last)) continue;
    lines.push(renderBand(band, most));
  }
  return lines;
}

function renderBand(band: DifficultyBand, most: number): string {
  const count = `${bar(band.problems / most, COUNT_BAR_WIDTH).padEnd(COUNT_BAR_WIDTH)} ${String(band.problems).padStart(6)}`;
  const rate =
    band.passRate === null
      ? ''.padEnd(RATE_BAR_WIDTH + 18)
      : `${bar(band.passRate, RATE_BAR_WIDTH).padEnd(RATE_BAR_WIDTH)} ${`${Math.round(band.passRate * 100)}%`.padStart(4)} ${`(${band.attempts} att.)`.padEnd(12)}`;
  const flags = band.flags.map((flag) => ({ gap: '◆ gap: no problems', 'all-fail': '✗ model at 0%', 'all-pass': '✓ model at 100%' })[flag]).join('  ');
  return `  ${bandLabel(band).padEnd(11)} ${count}  ${rate} ${flags}`.trimEnd();
}

/** A horizontal bar with eighth-block resolution. */
function bar(fraction: number, width: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + BLOCKS[eighths % 8];
}

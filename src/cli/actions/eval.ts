import type { ProblemFilter } from '../../core/corpus.js';
import type { Problem } from '../../core/problem.js';
import { resolveDatabasePath } from '../../corpus/database-path.js';
import { generateProblems } from '../../corpus/generate-problems.js';
import { openCorpus } from '../../corpus/sqlite-corpus.js';
import { episodeRecords, type EpisodeRecord } from '../../rollout/episode-records.js';
import { evaluatePolicy, type EvaluationReport } from '../../rollout/evaluate.js';
import { getFamily } from '../../tasks/registry.js';
import { resolveTools, toolNames } from '../../tools/registry.js';
import { openAtomicFile } from '../../verify/atomic-output.js';
import { VerifierSet } from '../../verify/verifier-set.js';
import type { EvalOptions } from '../commands/eval.js';
import { policyFromFlags } from '../policy-options.js';
import { UsageError } from '../usage-error.js';

/** Tools that help where a family's skill is beyond the model on its own. */
const TOOLS_FOR_SKILL: Record<string, string> = {
  arithmetic: 'the calculator tool (--tools calculator)',
  code: 'the run_js tool to test code before answering (--tools run_js)',
};

export async function runEval(options: EvalOptions): Promise<void> {
  if (!options.family && !options.corpusFilter) throw new UsageError('choose problems: --family NAMES or --corpus-filter FILTER');
  if (options.family && options.corpusFilter) throw new UsageError('--family and --corpus-filter exclude each other');
  const unknownTool = options.tools?.find((name) => !toolNames.includes(name));
  if (unknownTool) throw new UsageError(`--tools: unknown tool "${unknownTool}"; available: ${toolNames.join(', ')}`);
  if (options.tools?.includes('search_docs') && !options.docs) throw new UsageError('--tools search_docs needs --docs DIR');

  const target = await policyFromFlags(options, options.seed);
  const store = options.record || options.corpusFilter ? openCorpus(resolveDatabasePath(options.db)) : undefined;
  const verifiers = new VerifierSet();
  try {
    const problems = options.family ? generatedProblems(options) : store!.listProblems({ ...parseCorpusFilter(options.corpusFilter!), limit: options.n });
    if (problems.length === 0) throw new UsageError(`no problems match --corpus-filter ${options.corpusFilter}`);
    if (options.record && options.family) store!.addProblems(problems);
    const recordsByProblem = new Map<string, EpisodeRecord[]>();
    const report = await evaluatePolicy({
      target,
      problems,
      samples: options.k,
      verifierFor: (problem) => verifiers.get(problem.verifier),
      tools: await resolveTools(options.tools ?? [], { docsFolder: options.docs }),
      limits: { maxTokensPerTurn: options.maxTokens },
      temperature: options.temperature,
      bands: options.bands,
      store: options.record ? store : undefined,
      adviceFor: (family, lowest) => adviceFor(family, lowest, options.tools ?? []),
      onGroup: options.episodes ? (group) => void recordsByProblem.set(group.problem.id, episodeRecords(group)) : undefined,
    });
    if (options.episodes) await saveEpisodes(options.episodes, problems.flatMap((problem) => recordsByProblem.get(problem.id) ?? []));
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
  } finally {
    store?.close();
    await verifiers.close();
    if (target.kind === 'chat') await target.policy.close?.();
  }
}

/** Written whole or not at all, in problem order, whatever order the groups finished in. */
async function saveEpisodes(path: string, records: readonly EpisodeRecord[]): Promise<void> {
  const file = await openAtomicFile(path).catch((error: Error) => {
    throw new UsageError(`--episodes: cannot write ${path}: ${error.message}`);
  });
  try {
    for (const record of records) await file.write(`${JSON.stringify(record)}\n`);
    await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}

function generatedProblems(options: EvalOptions): Problem[] {
  const [minDifficulty, maxDifficulty] = options.difficulty;
  return options.family!.flatMap((name) => {
    const family = familyOrUsageError(name);
    return generateProblems(family, { count: options.n, minDifficulty, maxDifficulty, seed: options.seed, split: 'eval' });
  });
}

function familyOrUsageError(name: string) {
  try {
    return getFamily(name);
  } catch (error) {
    throw new UsageError(`--family: ${(error as Error).message}`);
  }
}

function adviceFor(familyName: string, lowestDifficulty: number, tools: readonly string[]): string {
  const easier = lowestDifficulty > 0 ? `easier rungs (rlvr corpus generate --family ${familyName} --difficulty 0..${lowestDifficulty.toFixed(2)})` : 'an easier task family first';
  const skill = safeSkill(familyName);
  const tool = skill ? TOOLS_FOR_SKILL[skill] : undefined;
  return tool && !tools.some((name) => tool.includes(name)) ? `try ${tool} or ${easier}` : `try ${easier}`;
}

function safeSkill(familyName: string): string | undefined {
  try {
    return getFamily(familyName).skill;
  } catch {
    return undefined;
  }
}

/** `family=F,split=heldout,min=0.2,max=0.6,source=generated` */
export function parseCorpusFilter(text: string): ProblemFilter {
  const filter: ProblemFilter = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const [key, value = ''] = pair.split('=').map((part) => part.trim());
    switch (key) {
      case 'family':
        filter.family = value.split('|');
        break;
      case 'split':
        filter.split = value;
        break;
      case 'source':
        filter.source = value as ProblemFilter['source'];
        break;
      case 'min':
      case 'max': {
        const number = Number(value);
        if (!Number.isFinite(number)) throw new UsageError(`--corpus-filter: ${key} must be a number, received "${value}"`);
        if (key === 'min') filter.minDifficulty = number;
        else filter.maxDifficulty = number;
        break;
      }
      default:
        throw new UsageError(`--corpus-filter: unknown key "${key}"; use family, split, source, min, max`);
    }
  }
  return filter;
}

function percent(value: number): string {
  return `${(100 * value).toFixed(1)}%`.padStart(7);
}

function renderReport(report: EvaluationReport): string {
  const k = report.samples;
  const header = `${''.padEnd(16)} ${'problems'.padStart(8)} ${'pass@1'.padStart(7)} ${`pass@${k}`.padStart(7)}`;
  const row = (label: string, rates: { problems: number; passAt1: number; passAtK: number }) =>
    `${label.padEnd(16)} ${String(rates.problems).padStart(8)} ${percent(rates.passAt1)} ${percent(rates.passAtK)}`;
  const lines = [
    `policy ${report.policy}, ${k} samples per problem`,
    '',
    header,
    ...report.byBand.map((band) => row(`band ${band.band[0].toFixed(1)}–${band.band[1].toFixed(1)}`, band)),
    ...report.byFamily.map((family) => row(family.family, family)),
    row('all', report.overall),
    '',
    `tool calls: ${report.tools.calls} (${report.tools.errors} errors)${Object.entries(report.tools.byName).map(([name, entry]) => `; ${name} ${entry.calls}/${entry.errors}`).join('')}`,
    `completion tokens per episode: ${report.tokens.completionMean.toFixed(1)}; latency mean ${report.latency.meanMs.toFixed(0)} ms, p99 ${report.latency.p99Ms.toFixed(0)} ms`,
    `episodes ended by: ${Object.entries(report.episodesEndedBy).map(([finish, count]) => `${finish} ${count}`).join(', ')}`,
    ...report.baseCapability.map((line) => `\n${line}`),
  ];
  return `${lines.join('\n')}\n`;
}

import { writeFile } from 'node:fs/promises';
import { resolveDatabasePath } from '../../corpus/database-path.js';
import { buildNearDuplicateIndex } from '../../corpus/build-near-duplicate-index.js';
import { openCorpus } from '../../corpus/sqlite-corpus.js';
import { policyFromFlags, type PolicyFlags } from '../policy-options.js';
import { UsageError } from '../usage-error.js';
import type { EvaluationTarget } from '../../rollout/evaluate.js';
import { familyNames } from '../../tasks/registry.js';
import { VerifierSet } from '../../verify/verifier-set.js';
import { expandCorpus } from '../../expand/expand-corpus.js';
import { expansionHtmlPage, renderExpansionText } from '../../expand/expansion-report.js';
import { readDocuments } from '../../expand/read-documents.js';

const POLICY_FLAG_NAMES = ['policy', 'baseUrl', 'model', 'apiKey', 'concurrency', 'requestTimeoutMs', 'stream', 'tokenIds'] as const;

/** The flags of one role (`proposer` or `solver`), renamed to what `policyFromFlags` reads. */
export function roleFlags(options: Record<string, unknown>, role: 'proposer' | 'solver'): PolicyFlags {
  const flags: Record<string, unknown> = {};
  for (const name of POLICY_FLAG_NAMES) {
    const value = options[`${role}${name[0]!.toUpperCase()}${name.slice(1)}`];
    if (value !== undefined) flags[name] = value;
  }
  return flags as PolicyFlags;
}

export async function runExpandCommand(options: Record<string, unknown>): Promise<void> {
  const families = options['family'] as string[] | undefined;
  const unknown = families?.find((name) => !familyNames().includes(name));
  if (unknown) throw new UsageError(`--family: unknown task family "${unknown}" (known: ${familyNames().join(', ')})`);
  if (!options['proposerPolicy'] && !options['proposerBaseUrl']) throw new UsageError('choose the proposer: --proposer-policy embedded:DIR or --proposer-policy openai --proposer-base-url URL --proposer-model NAME');
  if (!options['solverPolicy'] && !options['solverBaseUrl']) throw new UsageError('choose the solver: --solver-policy embedded:DIR or --solver-policy openai --solver-base-url URL --solver-model NAME');
  const [acceptLo, acceptHi] = options['acceptBand'] as [number, number];
  if (acceptLo === acceptHi) throw new UsageError(`--accept-band ${acceptLo}..${acceptHi} admits nothing: give a range`);
  const seed = options['seed'] as number;
  const documentsFolder = options['fromDocs'] as string | undefined;
  const documents = documentsFolder ? await readDocuments(documentsFolder) : undefined;

  const proposer = await policyFromFlags(roleFlags(options, 'proposer'), seed);
  let solver: EvaluationTarget | undefined;
  const store = openCorpus(resolveDatabasePath(options['db'] as string | undefined));
  const verifiers = new VerifierSet();
  try {
    if (documents && proposer.kind !== 'chat') throw new UsageError('--from-docs needs a chat proposer (--proposer-policy openai): the embedded model cannot read documents');
    solver = await policyFromFlags(roleFlags(options, 'solver'), seed + 1);
    const report = await expandCorpus({
      store,
      nearDuplicates: buildNearDuplicateIndex(store),
      verifiers,
      proposer,
      solver,
      proposals: options['n'] as number,
      ...(families ? { family: families } : {}),
      band: options['band'] as [number, number],
      acceptBand: [acceptLo, acceptHi],
      solverSamples: options['k'] as number,
      parentsPerPrompt: options['parents'] as number,
      batchSize: options['batchSize'] as number,
      seed,
      proposerTemperature: options['proposerTemperature'] as number,
      solverTemperature: options['temperature'] as number,
      proposerMaxTokens: options['proposerMaxTokens'] as number,
      solverMaxTokens: options['maxTokens'] as number,
      minAgreement: options['minAgreement'] as number,
      sandboxTimeoutMs: options['sandboxTimeoutMs'] as number,
      concurrency: options['concurrency'] as number,
      ...(documents ? { documents } : {}),
      onBatch: options['json'] ? undefined : (point) => process.stderr.write(`proposals ${point.proposals}, accepted ${point.accepted}, corpus ${point.corpusSize}\n`),
    });
    if (options['report']) await writeFile(options['report'] as string, expansionHtmlPage(report));
    process.stdout.write(options['json'] ? `${JSON.stringify(report, null, 2)}\n` : renderExpansionText(report));
  } finally {
    store.close();
    await verifiers.close();
    if (proposer.kind === 'chat') await proposer.policy.close?.();
    if (solver?.kind === 'chat') await solver.policy.close?.();
  }
}

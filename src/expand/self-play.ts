import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../core/random.js';
import type { NearDuplicateIndex } from '../corpus/near-duplicate-index.js';
import type { SqliteCorpus } from '../corpus/sqlite-corpus.js';
import { EmbeddedTokenPolicy } from '../policy/embedded-token-policy.js';
import { generate } from '../policy/embedded/generate.js';
import type { TransformerModel } from '../policy/embedded/model.js';
import type { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { AdamW, type AdamWState } from '../train/adamw.js';
import { groupAdvantages } from '../train/advantages.js';
import type { TrainerConfig } from '../train/config.js';
import { maskedNegativeLogLikelihood } from '../train/losses.js';
import { optimizerStep } from '../train/optimizer-step.js';
import { updatePolicy, type PolicySample } from '../train/policy-update.js';
import { rolloutGroups } from '../train/rollout.js';
import { compactPromptTokens, referenceCompletionTokens } from '../train/compact-format.js';
import { batchTensors, buildTokenBatch, type TokenSequence } from '../train/token-batch.js';
import { getFamily } from '../tasks/registry.js';
import { VerifierPool } from '../train/verifier-pool.js';
import type { VerifierSet } from '../verify/verifier-set.js';
import { parseProposal } from './parse-proposal.js';
import { ProposalValidator } from './proposal-validator.js';
import { proposerRewards } from './proposer-reward.js';
import { compactProposerPrompt, type ParentExample } from './proposer-prompt.js';
import { boundaryPool, drawParents } from './select-parents.js';

export interface SelfPlayOptions {
  model: TransformerModel;
  tokenizer: CharTokenizer;
  store: SqliteCorpus;
  nearDuplicates: NearDuplicateIndex;
  verifiers: VerifierSet;
  trainer: TrainerConfig;
  steps: number;
  proposalsPerStep: number;
  /** Solver rollouts per proposal (learnability) — also the solver's group size. */
  solverSamples: number;
  /**
   * Problems the solver trains on per step: those admitted this step first, then boundary problems
   * of the corpus up to this count — so a run with `proposalsPerStep: 0` is the same budget on the
   * fixed corpus.
   */
  solverProblemsPerStep: number;
  /** Weight λ of R-Zero's repetition penalty. */
  repetitionWeight: number;
  band: [number, number];
  family?: string[];
  seed: number;
  /**
   * Names the run in the corpus: solver attempts are recorded as `RUN@STEP`, validation rollouts
   * as `RUN`, and admitted problems carry `RUN@STEP` as proposer version (default `self-play`).
   */
  runName?: string;
  /** Continue after a checkpointed step instead of starting fresh; `steps` counts the resumed ones. */
  resumeFrom?: SelfPlayLoopState;
  /**
   * Persists the loop's state; awaited so a checkpoint is on disk before the next step starts.
   * Called at step 0 of a fresh run, every `checkpointEvery` steps and after the last one.
   */
  saveState?(state: SelfPlayLoopState): Promise<void>;
  checkpointEvery?: number;
  onStep?(metrics: SelfPlayStepMetrics): void;
}

type RandomState = ReturnType<Random['save']>;

/** What a resumed self-play loop needs besides the weights to continue exactly. */
export interface SelfPlayLoopState {
  /** Steps completed. */
  step: number;
  /** The stream for parent draws, proposals, solver rollouts and update shuffles. */
  random: RandomState;
  /** The stream of the validator's learnability rollouts. */
  solverRandom: RandomState;
  optimizer: AdamWState;
}

export interface SelfPlayStepMetrics {
  step: number;
  proposals: number;
  parsed: number;
  admitted: number;
  meanProposerReward: number;
  meanSolverReward: number;
  rejected: Record<string, number>;
  /** Problems in the corpus after the step. */
  corpusSize: number;
  /** Difficulty (1 − validation pass rate) of each problem admitted in the step. */
  admittedDifficulties: number[];
}

/**
 * Self-play with one embedded model in both roles (Absolute Zero): each step it proposes
 * problems from boundary parents, the validation pipeline admits the learnable ones (solver
 * rollouts by the same model), the proposer is updated with the learnability reward minus the
 * R-Zero repetition penalty, then the solver is updated (GRPO family loss of the trainer) on the
 * admitted problems plus boundary problems of the corpus.
 */
export async function runSelfPlay(options: SelfPlayOptions): Promise<SelfPlayStepMetrics[]> {
  const { model, tokenizer, trainer } = options;
  const runName = options.runName ?? 'self-play';
  const resumed = options.resumeFrom;
  const random = resumed ? Random.restore(resumed.random) : new Random(options.seed).fork('self-play');
  const solverRandom = resumed ? Random.restore(resumed.solverRandom) : random.fork('solver');
  const optimizer = new AdamW(model.variables, { ...trainer.optimizer });
  if (resumed) optimizer.loadState(resumed.optimizer);
  const snapshot = (step: number): SelfPlayLoopState => ({ step, random: random.save(), solverRandom: solverRandom.save(), optimizer: optimizer.saveState() });
  const solverTarget = { kind: 'tokens' as const, policy: new EmbeddedTokenPolicy(model, tokenizer, { random: solverRandom, version: runName, id: 'embedded:self-play' }), maxSequenceTokens: model.config.contextLength };
  const validator = new ProposalValidator({
    store: options.store, nearDuplicates: options.nearDuplicates, verifiers: options.verifiers,
    solver: { target: solverTarget, samples: options.solverSamples, temperature: trainer.temperature, maxTokens: trainer.maxCompletionTokens },
    band: [0, 1], minAgreement: 2, sandboxTimeoutMs: 2_000, concurrency: 4, split: 'train',
  });
  const learningRate = trainer.optimizer.learningRate;
  const verifierPool = new VerifierPool();
  const history: SelfPlayStepMetrics[] = [];
  /** The proposer's half of a step: propose, validate (admitting into the corpus), reward, update. */
  const proposeStep = async (step: number, pool: ReturnType<typeof boundaryPool>) => {
    const parentSets = Array.from({ length: options.proposalsPerStep }, () => drawParents(options.store, pool, 1, random));
    const prompts = parentSets.map((parents) => proposerPromptTokens(parents, tokenizer));
    const room = Math.max(1, model.config.contextLength - Math.max(...prompts.map((prompt) => prompt.length)));
    const generated = await generate(model, prompts, { maxTokens: room, temperature: trainer.temperature, topP: trainer.topP, stopTokens: [tokenizer.special.eos], random });
    const texts = generated.tokens.map((tokens) => tokenizer.decode(tokens));
    const provenance = (parents: ParentExample[]) => ({ origin: 'proposer' as const, proposer: { id: 'embedded:self-play', version: `${runName}@${step}` }, parents: parents.map((parent) => parent.problem.id) });
    const outcomes = await validator.validateBatch(texts.map((text, index) => ({ parse: parseProposal(text), raw: text, provenance: provenance(parentSets[index]!) })));
    const rewards = proposerRewards(
      outcomes.map((outcome) => ({ ...(outcome.proposal ? { statement: outcome.proposal.statement } : {}), valid: outcome.record.passRate !== undefined, ...(outcome.record.passRate !== undefined ? { solverSuccessRate: outcome.record.passRate } : {}) })),
      { weight: options.repetitionWeight },
    );
    const proposerAdvantages = groupAdvantages(rewards, rewards.length, trainer.advantageScaling);
    const proposerSamples: PolicySample[] = prompts.map((prompt, index) => ({ prompt, completion: generated.tokens[index]!, logprobs: generated.logprobs[index]!, advantage: proposerAdvantages[index]! }));
    if (proposerAdvantages.some((advantage) => advantage !== 0)) updatePolicy(model, optimizer, proposerSamples, trainer, learningRate, random, tokenizer.special.pad);
    return { outcomes, rewards };
  };
  const checkpointEvery = options.checkpointEvery ?? Number.POSITIVE_INFINITY;
  try {
    if (!resumed) await options.saveState?.(snapshot(0));
    for (let step = (resumed?.step ?? 0) + 1; step <= options.steps; step++) {
      const pool = boundaryPool(options.store, options.band, options.family);
      const { outcomes, rewards } = options.proposalsPerStep > 0 ? await proposeStep(step, pool) : { outcomes: [], rewards: [] };
      const admitted = outcomes.flatMap((outcome) => (outcome.problem ? [outcome.problem] : []));
      const fresh = admitted.slice(0, options.solverProblemsPerStep);
      const corpusProblems = drawParents(options.store, pool, options.solverProblemsPerStep - fresh.length, random).map((parent) => parent.problem);
      const solverProblems = [...fresh, ...corpusProblems].filter((problem) => typeof problem.metadata['compactPrompt'] === 'string');
      let meanSolverReward = 0;
      if (solverProblems.length > 0) {
        const groups = await rolloutGroups(solverProblems, model, tokenizer, verifierPool, { groupSize: trainer.groupSize, maxTokens: trainer.maxCompletionTokens, temperature: trainer.temperature, topP: trainer.topP }, random);
        const flat = groups.flat();
        const advantages = groupAdvantages(flat.map((rollout) => rollout.reward), trainer.groupSize, trainer.advantageScaling);
        meanSolverReward = flat.reduce((sum, rollout) => sum + rollout.reward, 0) / flat.length;
        options.store.recordAttempts(flat.map((rollout) => ({ problemId: rollout.problem.id, policyVersion: `${runName}@${step}`, reward: rollout.reward, score: rollout.verdict.score, tokens: rollout.completion.length, ms: rollout.verdict.ms })));
        if (advantages.some((advantage) => advantage !== 0)) {
          updatePolicy(model, optimizer, flat.map((rollout, index) => ({ prompt: rollout.prompt, completion: rollout.completion, logprobs: rollout.logprobs, advantage: advantages[index]! })), trainer, learningRate, random, tokenizer.special.pad);
        }
      }
      const rejected: Record<string, number> = {};
      for (const outcome of outcomes) if (outcome.record.reason) rejected[outcome.record.reason] = (rejected[outcome.record.reason] ?? 0) + 1;
      const metrics = {
        step,
        proposals: outcomes.length,
        parsed: outcomes.filter((outcome) => outcome.proposal).length,
        admitted: admitted.length,
        meanProposerReward: rewards.length ? rewards.reduce((sum, reward) => sum + reward, 0) / rewards.length : 0,
        meanSolverReward,
        rejected,
        corpusSize: options.store.countProblems(),
        admittedDifficulties: admitted.map((problem) => problem.difficulty),
      };
      history.push(metrics);
      options.onStep?.(metrics);
      if (step % checkpointEvery === 0 || step === options.steps) await options.saveState?.(snapshot(step));
    }
  } finally {
    optimizer.dispose();
    await verifierPool.close();
  }
  return history;
}

/** BOS + the compact proposer prompt, with parents dropped until a proposal still fits the context. */
export function proposerPromptTokens(parents: readonly ParentExample[], tokenizer: CharTokenizer): number[] {
  return [tokenizer.special.bos, ...tokenizer.encode(compactProposerPrompt(parents))];
}

/**
 * Teaches the proposal format before self-play (Absolute Zero starts from seed triplets too):
 * cross-entropy on `<problem>a+b=</problem><answer>c</answer>` completions of the compact proposer
 * prompt, with fresh random one-digit sums, half of every batch being the parents' own reference
 * solutions so the solver role is not forgotten. Content quality is left to the RL reward.
 */
export function warmUpProposalFormat(model: TransformerModel, tokenizer: CharTokenizer, options: { steps: number; batchSize: number; learningRate: number; seed: number; parents: readonly ParentExample[] }): number {
  const random = new Random(options.seed).fork('proposal-format');
  const optimizer = new AdamW(model.variables, { beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0 });
  let loss = Number.NaN;
  try {
    for (let step = 0; step < options.steps; step++) {
      const sequences: TokenSequence[] = Array.from({ length: options.batchSize }, (_unused, index) => {
        const parent = random.pick(options.parents);
        if (index % 2 === 1) {
          const problem = parent.problem;
          return { prompt: compactPromptTokens(problem, tokenizer), completion: referenceCompletionTokens(problem, getFamily(problem.family), tokenizer, 'answer') };
        }
        const a = random.int(0, 9);
        const b = random.int(0, 9);
        return { prompt: proposerPromptTokens([parent], tokenizer), completion: [...tokenizer.encode(`<problem>${a}+${b}=</problem><answer>${a + b}</answer>`), tokenizer.special.eos] };
      });
      const batch = buildTokenBatch(sequences, tokenizer.special.pad);
      const { ids, mask } = batchTensors(batch, sequences.map((_sequence, index) => index));
      loss = optimizerStep(model.variables, optimizer, () => maskedNegativeLogLikelihood(model.tokenLogprobs(ids), mask), { learningRate: options.learningRate, maxGradNorm: 1 }).loss;
      tf.dispose([ids, mask]);
    }
  } finally {
    optimizer.dispose();
  }
  return loss;
}

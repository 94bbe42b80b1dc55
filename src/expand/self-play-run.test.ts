import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblems } from '../corpus/generate-problems.js';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { temporaryDirectory } from '../corpus/test-helpers.js';
import { initBackend, loadCheckpoint, saveCheckpoint } from '../policy/embedded/index.js';
import { TransformerModel } from '../policy/embedded/model.js';
import { CharTokenizer } from '../policy/embedded/tokenizer.js';
import { addition } from '../tasks/addition.js';
import { loadRunCheckpoint } from '../train/run-checkpoint.js';
import { resumeSelfPlayRun, startSelfPlayRun, type SelfPlayRunConfig } from './self-play-run.js';
import { warmUpProposalFormat } from './self-play.js';

let directory: ReturnType<typeof temporaryDirectory>;
const initial = () => loadCheckpoint(join(directory.dir, 'warm'));

/** A corpus of one-digit sums, the same in every call. */
function seedCorpus(file: string): void {
  const store = openCorpus(file);
  store.addProblems(generateProblems(addition, { count: 40, minDifficulty: 0, maxDifficulty: 0.02, seed: 1, split: 'train' }));
  store.close();
}

function config(database: string): SelfPlayRunConfig {
  return {
    database, steps: 3, proposalsPerStep: 12, problemsPerStep: 2, groupSize: 4, repetitionWeight: 0.5, band: [0, 1],
    learningRate: 1e-3, maxTokens: 12, warmUpSteps: 0, checkpointEvery: 2, seed: 4,
  };
}

/** What must come out the same whether or not the run was interrupted. */
function corpusContents(file: string) {
  const store = openCorpus(file, { readonly: true });
  try {
    return {
      problems: store.listProblems().map((problem) => ({ id: problem.id, prompt: problem.prompt, answer: problem.answer, difficulty: problem.difficulty, parents: problem.parents, provenance: (problem.metadata['provenance'] as { proposer: unknown } | undefined)?.proposer ?? null })),
      stats: store.listStats().map(({ lastSeen: _lastSeen, ...counts }) => counts),
      attempts: store.statement('SELECT problem_id, policy_version, reward, score, tokens FROM attempts ORDER BY seq').all(),
    };
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  await initBackend();
  directory = temporaryDirectory();
  // One short warm-up shared by every run, so proposals parse and some are admitted.
  seedCorpus(join(directory.dir, 'seed.db'));
  const store = openCorpus(join(directory.dir, 'seed.db'));
  const parents = store.listProblems().map((problem) => ({ problem, passRate: 0.5 }));
  store.close();
  const tokenizer = new CharTokenizer();
  const model = TransformerModel.create({ layers: 1, width: 32, heads: 2, contextLength: 48, vocabSize: tokenizer.vocabSize }, 7);
  warmUpProposalFormat(model, tokenizer, { steps: 150, batchSize: 24, learningRate: 1e-2, seed: 2, parents });
  await saveCheckpoint(join(directory.dir, 'warm'), model, tokenizer);
  model.dispose();
}, 120_000);

afterAll(() => directory?.cleanup());

describe('self-play checkpoints and --resume', () => {
  it('a run killed after an unsaved step and resumed ends in the same state as an uninterrupted run', async () => {
    const straight = join(directory.dir, 'straight');
    const killed = join(directory.dir, 'killed');
    for (const folder of [straight, killed]) {
      await mkdir(folder);
      seedCorpus(join(folder, 'corpus.db'));
    }
    // The run folders share their name: it is the run's name in the corpus (attempt versions).
    const uninterrupted = await startSelfPlayRun(join(straight, 'run'), config(join(straight, 'corpus.db')), await initial());
    uninterrupted.model.dispose();

    const crash = new Error('killed');
    await expect(
      startSelfPlayRun(join(killed, 'run'), config(join(killed, 'corpus.db')), await initial(), {
        onStep: (metrics) => {
          if (metrics.step === 3) throw crash; // step 3 reached the corpus; the last checkpoint is step 2
        },
      }),
    ).rejects.toBe(crash);
    expect((await loadRunCheckpoint(join(killed, 'run'))).state!.step).toBe(2);
    expect(readFileSync(join(killed, 'run', 'self-play.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
    const resumed = await resumeSelfPlayRun(join(killed, 'run'));
    resumed.model.dispose();

    expect(resumed.steps).toBe(3);
    expect(resumed.history).toEqual(uninterrupted.history);
    expect(uninterrupted.history.reduce((sum, step) => sum + step.admitted, 0)).toBeGreaterThan(0);
    const [a, b] = await Promise.all([loadRunCheckpoint(join(straight, 'run')), loadRunCheckpoint(join(killed, 'run'))]);
    expect(b.state).toEqual(a.state); // round counter, both random streams, corpus marks
    expect(b.optimizer!.step).toBe(a.optimizer!.step);
    expect(b.model.variables.map((variable) => [...variable.dataSync()])).toEqual(a.model.variables.map((variable) => [...variable.dataSync()]));
    a.model.dispose();
    b.model.dispose();
    expect(corpusContents(join(killed, 'corpus.db'))).toEqual(corpusContents(join(straight, 'corpus.db')));
    expect(readFileSync(join(killed, 'run', 'self-play.jsonl'), 'utf8')).toBe(readFileSync(join(straight, 'run', 'self-play.jsonl'), 'utf8'));
    const report = readFileSync(join(killed, 'run', 'report.html'), 'utf8');
    expect(report).toContain('<section id="corpus-expansion">');
    expect(report).toContain(`<td>step 3</td><td>36</td>`);
  }, 240_000);

  it('refuses to resume a folder that is not a self-play run', async () => {
    await expect(resumeSelfPlayRun(join(directory.dir, 'nowhere'))).rejects.toThrow(/not a self-play run directory/);
    expect(existsSync(join(directory.dir, 'nowhere'))).toBe(false);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCorpus } from '../corpus/sqlite-corpus.js';
import { getFamily } from '../tasks/registry.js';
import { VerifierSet } from '../verify/verifier-set.js';
import { evaluatePolicy } from './evaluate.js';
import { ScriptedTokenPolicy } from './scripted-policies.test-support.js';

const verifiers = new VerifierSet();
afterAll(() => verifiers.close());

describe('evaluatePolicy', () => {
  it('reports pass@1 and pass@k per band and family, records attempts and flags families where RL cannot start', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'rlvr-eval-'));
    const store = openCorpus(join(folder, 'corpus.db'));
    try {
      const easy = getFamily('addition').generate(1, 0.05);
      const harder = getFamily('addition').generate(2, 0.45);
      const product = getFamily('multiplication').generate(3, 0.9);
      store.addProblems([easy, harder, product]);
      const answer = (value: string) => `<answer>${value}</answer><eos>`;
      // Rows are problem-major: two samples of `easy`, two of `harder`, two of `product`.
      const policy = new ScriptedTokenPolicy([[answer(easy.answer!)], [answer('0')], [answer(harder.answer!)], [answer(harder.answer!)], [answer('1')], ['no idea<eos>']]);

      const report = await evaluatePolicy({
        target: { kind: 'tokens', policy, maxSequenceTokens: 256 },
        problems: [easy, harder, product],
        samples: 2,
        verifierFor: (problem) => verifiers.get(problem.verifier),
        temperature: 1,
        store,
        adviceFor: (family) => (family === 'multiplication' ? 'try the calculator tool' : 'try easier rungs'),
      });

      expect(report.overall).toEqual({ problems: 3, passAt1: (0.5 + 1 + 0) / 3, passAtK: (1 + 1 + 0) / 3 });
      expect(report.byFamily).toEqual([
        { family: 'addition', problems: 2, passAt1: 0.75, passAtK: 1 },
        { family: 'multiplication', problems: 1, passAt1: 0, passAtK: 0 },
      ]);
      expect(report.byBand.map((band) => [band.band, band.problems, band.passAt1])).toEqual([
        [[0, 0.2], 1, 0.5],
        [[0.4, 0.6], 1, 1],
        [[0.8, 1], 1, 0],
      ]);
      expect(report.baseCapability).toEqual([expect.stringMatching(/^multiplication: pass@2 is 0 on 1 problems, so RL cannot start there .*calculator tool/)]);
      expect(store.getStats(easy.id)).toMatchObject({ attempts: 2, successes: 1 });
      expect(store.getStats(product.id)).toMatchObject({ attempts: 2, successes: 0 });
    } finally {
      store.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

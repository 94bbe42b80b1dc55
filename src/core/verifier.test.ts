import { describe, expect, it } from 'vitest';
import { succeeded } from './verdict.js';
import { runVerifier, type Verifier } from './verifier.js';

const instant: Verifier = { name: 'instant', description: '', verify: async () => succeeded() };
const stuck: Verifier = { name: 'stuck', description: '', verify: () => new Promise(() => {}) };
const throwing: Verifier = {
  name: 'throwing',
  description: '',
  verify: async () => {
    throw new Error('boom');
  },
};

describe('runVerifier', () => {
  it('passes a verdict through and times it', async () => {
    const verdict = await runVerifier(instant, { response: 'x' });
    expect(verdict.passed).toBe(true);
    expect(verdict.ms).toBeGreaterThanOrEqual(0);
  });

  it('settles a verifier that never answers as a timeout with reward 0', async () => {
    const verdict = await runVerifier(stuck, { response: 'x' }, { timeoutMs: 50 });
    expect(verdict).toMatchObject({ reason: 'timeout', reward: 0, passed: false });
  });

  it('turns a thrown error into an error verdict', async () => {
    const verdict = await runVerifier(throwing, { response: 'x' });
    expect(verdict).toMatchObject({ reason: 'error', reward: 0, details: { message: 'boom' } });
  });

  it('reports cancellation by the caller', async () => {
    const controller = new AbortController();
    const pending = runVerifier(stuck, { response: 'x' }, { signal: controller.signal, timeoutMs: 5_000 });
    controller.abort();
    expect((await pending).reason).toBe('cancelled');
  });
});

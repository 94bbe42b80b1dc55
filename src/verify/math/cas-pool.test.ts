import { afterAll, describe, expect, it } from 'vitest';
import { CasCrashError, CasPool, CasTimeoutError } from './cas-pool.js';

const request = (expected: string, actual: string) => ({ expected, actual, tolerance: 1e-6, randomPoints: 5, seed: 'test' });
const soon = () => Date.now() + 30_000;

describe('CasPool (real compute-engine workers)', () => {
  const pool = new CasPool({ workers: 1, timeoutMs: 1_000, memoryMb: 128 });
  afterAll(() => pool.close());

  it('decides what the in-process grammar cannot read', async () => {
    expect(await pool.compare(request('12', '\\operatorname{lcm}(4,6)'), soon())).toMatchObject({ equal: true, method: 'cas-symbolic' });
    expect(await pool.compare(request('13', '\\operatorname{lcm}(4,6)'), soon())).toMatchObject({ equal: false });
    expect(await pool.compare(request('2', '\\lfloor 2.5 \\rfloor'), soon())).toMatchObject({ equal: true });
  });

  it('rejects an answer with a variable the ground truth lacks', async () => {
    expect(await pool.compare(request('12', '\\operatorname{lcm}(4,x)'), soon())).toEqual({ id: expect.any(Number), equal: false, method: 'cas-free-variable' });
  });

  it('replaces a worker stuck on a hostile expression and keeps serving', async () => {
    const started = performance.now();
    await expect(pool.compare(request('1', '\\lfloor (99!)! \\rfloor'), soon())).rejects.toBeInstanceOf(CasTimeoutError);
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(await pool.compare(request('12', '\\operatorname{lcm}(4,6)'), soon())).toMatchObject({ equal: true });
    expect(pool.workerCount).toBe(1);
  });

  it('honours the caller deadline and cancellation', async () => {
    await expect(pool.compare(request('1', '\\lfloor (99!)! \\rfloor'), Date.now() + 200)).rejects.toBeInstanceOf(CasTimeoutError);
    const controller = new AbortController();
    const pending = pool.compare(request('1', '\\lfloor (98!)! \\rfloor'), soon(), controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(CasTimeoutError);
  });

  it('fails waiting checks instead of respawning forever when a worker cannot start', async () => {
    const starved = new CasPool({ workers: 1, timeoutMs: 1_000, memoryMb: 4 });
    await expect(starved.compare(request('12', '\\operatorname{lcm}(4,6)'), soon())).rejects.toBeInstanceOf(CasCrashError);
    expect(starved.workerCount).toBe(0);
    await starved.close();
  });

  it('refuses work after close', async () => {
    const closing = new CasPool({ workers: 1, timeoutMs: 1_000, memoryMb: 128 });
    await closing.close();
    await expect(closing.compare(request('1', '1'), soon())).rejects.toThrow(/closed/);
    expect(closing.workerCount).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { runVerifier } from '../../core/verifier.js';
import { parseExpression } from './arithmetic-expression.js';
import { createCountdownVerifier } from './countdown-verifier.js';

const verifier = createCountdownVerifier();
const config = { numbers: [1, 3, 4, 6], target: 24 };
const check = (response: string, overrides: Record<string, unknown> = config) => runVerifier(verifier, { response, config: overrides });

describe('countdown verifier', () => {
  it('accepts any expression over the given numbers that equals the target', async () => {
    expect(await check('<answer>6*4*1</answer>')).toMatchObject({ passed: true, reward: 1 });
    expect(await check('<answer>(6 - 3 + 1) × 6</answer>', { numbers: [6, 3, 1, 6], target: 24 })).toMatchObject({ passed: true });
    expect(await check('so \\boxed{4*6}')).toMatchObject({ passed: true });
    expect(await check('<answer>(6÷3+4-1)*4</answer>', { numbers: [6, 3, 4, 1, 4], target: 20 })).toMatchObject({ passed: true });
  });

  it('allows fractional intermediate values when the final value is the target', async () => {
    expect(await check('<answer>6/(1-3/4)</answer>')).toMatchObject({ passed: true });
  });

  it('accepts a trailing restatement of the target and rejects a false one', async () => {
    expect(await check('<answer>6*4 = 24</answer>')).toMatchObject({ passed: true });
    expect(await check('<answer>6*3 = 24</answer>')).toMatchObject({ passed: false, reason: 'wrong' });
    expect(await check('<answer>6*3 = 18</answer>')).toMatchObject({ passed: false, reason: 'wrong' });
  });

  it('rejects numbers used more often than given, or not given at all', async () => {
    const reused = await check('<answer>6*6-3*4</answer>');
    expect(reused).toMatchObject({ passed: false, reason: 'wrong' });
    expect(String(reused.details?.['why'])).toMatch(/not available.*: 6/);
    expect(await check('<answer>12*2</answer>')).toMatchObject({ passed: false, reason: 'wrong' });
  });

  it('rejects a wrong value and a non-integer value', async () => {
    expect(await check('<answer>6*3+1</answer>')).toMatchObject({ passed: false, reason: 'wrong', details: { value: '19' } });
    expect(await check('<answer>1/3</answer>', { numbers: [1, 3], target: 0 })).toMatchObject({ passed: false, details: { value: '1/3' } });
  });

  it('never evaluates code: anything but numbers, operators and parentheses is invalid', async () => {
    const attack = await check('<answer>process.exit(1)</answer>');
    expect(attack).toMatchObject({ passed: false, reason: 'invalid' });
    expect(String(attack.details?.['why'])).toMatch(/unexpected character "p" at position 0/);
    expect(await check('<answer>6*-4</answer>')).toMatchObject({ reason: 'invalid' });
    expect(await check('<answer>(6*4</answer>')).toMatchObject({ reason: 'invalid' });
    expect(await check('<answer>6/(4-4)</answer>', { numbers: [6, 4, 4], target: 1 })).toMatchObject({ reason: 'invalid', details: { why: 'division by zero' } });
    expect(await check(`<answer>${'('.repeat(100)}6${')'.repeat(100)}</answer>`)).toMatchObject({ reason: 'invalid' });
  });

  it('reports an empty answer as no-answer', async () => {
    expect(await check('<answer> </answer>')).toMatchObject({ reason: 'no-answer' });
  });

  it('turns a missing or malformed config into an error verdict naming the field', async () => {
    const verdict = await runVerifier(verifier, { response: '<answer>1+2</answer>', config: { numbers: [1, 2] } });
    expect(verdict).toMatchObject({ reason: 'error', passed: false });
    expect(String(verdict.details?.['message'])).toMatch(/countdown verifier config: .*target/);
  });
});

describe('parseExpression', () => {
  it('follows precedence and left associativity and lists the literals', () => {
    const parsed = parseExpression('10-4-3*2/(1+1)');
    expect(parsed.value).toEqual({ numerator: 3n, denominator: 1n });
    expect(parsed.literals).toEqual([10, 4, 3, 2, 1, 1]);
  });
});

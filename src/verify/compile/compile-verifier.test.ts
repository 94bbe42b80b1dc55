import { describe, expect, it } from 'vitest';
import { runVerifier } from '../../core/verifier.js';
import { createCompileVerifier } from './index.js';

const verifier = createCompileVerifier();
const fenced = (code: string) => `Here it is:\n\`\`\`ts\n${code}\n\`\`\``;

describe('compile verifier', () => {
  it('passes well-typed strict TypeScript', async () => {
    const verdict = await runVerifier(verifier, { response: fenced('export function sum(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0);\n}') });
    expect(verdict).toMatchObject({ passed: true, score: 1, reward: 1, details: { diagnostics: [] } });
  });

  it('fails a type error and reports line, column, code and message', async () => {
    const verdict = await runVerifier(verifier, { response: fenced('const n: number = 1;\nconst s: string = n;') });
    expect(verdict).toMatchObject({ passed: false, score: 0, reason: 'wrong' });
    expect(verdict.details!.diagnostics).toEqual([
      { file: 'solution', line: 2, column: 7, code: 2322, message: "Type 'number' is not assignable to type 'string'." },
    ]);
  });

  it('is strict: implicit any and possibly-undefined are errors', async () => {
    const verdict = await runVerifier(verifier, { response: fenced('function f(x) { return x; }\nconst m = new Map<string, number>();\nconst v: number = m.get("a");') });
    const codes = (verdict.details!.diagnostics as Array<{ code: number }>).map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining([7006, 2322]));
  });

  it('knows es2022 but not the DOM or Node', async () => {
    const ok = await runVerifier(verifier, { response: fenced('const last = [1, 2, 3].at(-1);\nconst own = Object.hasOwn({}, "a");\nexport { last, own };') });
    expect(ok.passed).toBe(true);
    const browser = await runVerifier(verifier, { response: fenced('document.title = "x";') });
    expect(browser.passed).toBe(false);
  });

  it('reports syntax errors', async () => {
    const verdict = await runVerifier(verifier, { response: fenced('function (') });
    expect(verdict.passed).toBe(false);
    expect((verdict.details!.diagnostics as unknown[]).length).toBeGreaterThan(0);
  });

  it('lets the code use declarations from the prelude', async () => {
    const code = 'export const area: number = circleArea({ radius: 2 });';
    const prelude = 'interface Circle { radius: number }\ndeclare function circleArea(circle: Circle): number;';
    expect((await runVerifier(verifier, { response: fenced(code), config: { prelude } })).passed).toBe(true);
    expect((await runVerifier(verifier, { response: fenced(code) })).passed).toBe(false);
  });

  it('answers no-answer without a code block and error for a bad config', async () => {
    expect((await runVerifier(verifier, { response: 'const x = 1;' })).reason).toBe('no-answer');
    const bad = await runVerifier(verifier, { response: fenced('1'), config: { prelude: 3 } });
    expect(bad.reason).toBe('error');
    expect(bad.details!.message).toContain('prelude');
  });
});

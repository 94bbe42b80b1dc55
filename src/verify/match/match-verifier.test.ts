import { describe, expect, it } from 'vitest';
import { runVerifier } from '../../core/verifier.js';
import { createMatchVerifier } from './match-verifier.js';

const match = createMatchVerifier();

async function check(response: string, answer: string | undefined, config: Record<string, unknown>) {
  return runVerifier(match, { response, answer, config });
}

describe('match verifier: answer extraction', () => {
  it('reads the last <answer> block, then \\boxed{}, then the whole response', async () => {
    expect((await check('<answer>7</answer> then <answer>42</answer>', '42', { mode: 'exact' })).passed).toBe(true);
    expect((await check('<answer>42</answer> then <answer>7</answer>', '42', { mode: 'exact' })).passed).toBe(false);
    expect((await check('so \\boxed{\\frac{1}{2}}', '\\frac{1}{2}', { mode: 'exact' })).passed).toBe(true);
    expect((await check('  42 \n', '42', { mode: 'exact' })).passed).toBe(true);
    expect((await check('I think 42', '42', { mode: 'exact' })).reason).toBe('wrong');
  });

  it('defaults to exact mode', async () => {
    expect((await check('Paris', 'paris', {})).passed).toBe(false);
  });

  it('fails an empty answer as no-answer and an over-long one as too-long', async () => {
    expect((await check('<answer> </answer>', 'x', { mode: 'exact' })).reason).toBe('no-answer');
    expect((await check('x'.repeat(50), 'x', { mode: 'exact', maxAnswerChars: 10 })).reason).toBe('too-long');
  });
});

describe('match verifier: normalized', () => {
  it('ignores case, punctuation, white space and compatibility forms by default', async () => {
    expect((await check('<answer>  The  Eiffel-Tower! </answer>', 'the eiffel tower', { mode: 'normalized', stripPunctuation: true })).passed).toBe(false);
    expect((await check('<answer>  The  Eiffel Tower! </answer>', 'the eiffel tower', { mode: 'normalized' })).passed).toBe(true);
    expect((await check('<answer>ＰＡＲＩＳ</answer>', 'paris', { mode: 'normalized' })).passed).toBe(true);
    expect((await check('<answer>Eiffel Tower</answer>', 'the Eiffel Tower', { mode: 'normalized', removeArticles: true })).passed).toBe(true);
  });

  it('honours each switch', async () => {
    expect((await check('Paris', 'paris', { mode: 'normalized', caseSensitive: true })).passed).toBe(false);
    expect((await check('Paris!', 'paris', { mode: 'normalized', stripPunctuation: false })).passed).toBe(false);
    expect((await check('ＰＡＲＩＳ', 'paris', { mode: 'normalized', unicode: 'none' })).passed).toBe(false);
  });

  it('does not accept an answer that merely contains the truth', async () => {
    expect((await check('Paris or London', 'paris', { mode: 'normalized' })).passed).toBe(false);
  });
});

describe('match verifier: regex', () => {
  it('requires a full match, not a partial one', async () => {
    const config = { mode: 'regex', pattern: '\\d{3}-\\d{4}' };
    expect((await check('555-1234', undefined, config)).passed).toBe(true);
    expect((await check('call 555-1234 now', undefined, config)).passed).toBe(false);
    expect((await check('555-12345', undefined, config)).passed).toBe(false);
  });

  it('keeps the full match with the m flag and tries every alternative', async () => {
    expect((await check('a\nb', undefined, { mode: 'regex', pattern: 'a$', flags: 'm' })).passed).toBe(false);
    expect((await check('ab', undefined, { mode: 'regex', pattern: 'a|ab' })).passed).toBe(true);
    expect((await check('YES', undefined, { mode: 'regex', pattern: 'yes', flags: 'i' })).passed).toBe(true);
  });

  it('rejects nested quantifiers when the config is read', async () => {
    const verdict = await check('aaaa', undefined, { mode: 'regex', pattern: '(a+)+$' });
    expect(verdict.reason).toBe('error');
    expect(String(verdict.details?.message)).toMatch(/unsafe regex/);
    expect(() => createMatchVerifier({ mode: 'regex', pattern: '(?:\\w*\\s?)*' })).toThrow(/unsafe regex/);
    expect(() => createMatchVerifier({ mode: 'regex', pattern: '(ab){3}x+' })).not.toThrow();
  });

  it('stops a backtracking pattern the static check misses, by timeout', async () => {
    const slow = { mode: 'regex', pattern: '(a|a)*b', timeoutMs: 50 };
    const started = Date.now();
    const verdict = await check('a'.repeat(40), undefined, slow);
    expect(verdict.reason).toBe('regex-timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('names an invalid pattern or flag in the error', () => {
    expect(() => createMatchVerifier({ mode: 'regex', pattern: '(' })).toThrow(/match verifier config: invalid regex/);
    expect(() => createMatchVerifier({ mode: 'regex', pattern: 'a', flags: 'g' })).toThrow(/field "flags"/);
  });
});

describe('match verifier: multiple choice', () => {
  const config = { mode: 'multiple-choice', letters: 'ABCD' };
  const correct = [
    'The answer is (B)',
    'Thinking... Answer: B',
    'B) 42',
    'After all that:\n**B**',
    '<answer>B</answer>',
    '<answer>(b)</answer>',
    'so \\boxed{\\text{B}}',
    'The correct option is B. A is wrong because…',
    'The answer is: option B',
  ];
  it.each(correct)('reads B from %j', async (response) => {
    expect((await check(response, 'B', config)).passed).toBe(true);
  });

  it.each(['<answer>A or B</answer>', 'The answer is A and B', '<answer>B, C</answer>', 'The answer is (A)(B)', '<answer>A/B</answer>', 'The answer is A or maybe B', 'Answer: B, or possibly (C)', 'Final answer: B (or C if rounding)'])(
    'fails the hedge %j as multiple-answers',
    async (response) => {
      const verdict = await check(response, 'B', config);
      expect(verdict).toMatchObject({ passed: false, reason: 'multiple-answers' });
    },
  );

  it('fails a wrong letter, a letter outside the choices, and no letter', async () => {
    expect((await check('The answer is (C)', 'B', config)).reason).toBe('wrong');
    expect((await check('The answer is (E)', 'B', config)).reason).toBe('no-answer');
    expect((await check('I am not sure', 'B', config)).reason).toBe('no-answer');
  });

  it('reads the ground truth in the same spellings and rejects an ambiguous one', async () => {
    expect((await check('B', '(B) Paris', config)).passed).toBe(true);
    expect((await check('B', 'A and B', config)).reason).toBe('error');
  });
});

describe('match verifier: numeric', () => {
  it('compares numbers with absolute and relative tolerance', async () => {
    expect((await check('<answer>3.14159</answer>', '3.1416', { mode: 'numeric', absoluteTolerance: 1e-3 })).passed).toBe(true);
    expect((await check('<answer>3.2</answer>', '3.1416', { mode: 'numeric', absoluteTolerance: 1e-3 })).passed).toBe(false);
    expect((await check('1010', '1000', { mode: 'numeric', relativeTolerance: 0.02 })).passed).toBe(true);
    expect((await check('1030', '1000', { mode: 'numeric', relativeTolerance: 0.02 })).passed).toBe(false);
  });

  it('accepts separators, fractions and scientific notation, and nothing around the number', async () => {
    expect((await check('\\boxed{1,234}', '1234', { mode: 'numeric' })).passed).toBe(true);
    expect((await check('<answer>3/4</answer>', '0.75', { mode: 'numeric' })).passed).toBe(true);
    expect((await check('<answer>\\frac{3}{4}</answer>', '0.75', { mode: 'numeric' })).passed).toBe(true);
    expect((await check('<answer>7.5e-1</answer>', '0.75', { mode: 'numeric' })).passed).toBe(true);
    expect((await check('<answer>about 0.75</answer>', '0.75', { mode: 'numeric' })).reason).toBe('not-a-number');
    expect((await check('<answer>0.75 or 0.8</answer>', '0.75', { mode: 'numeric' })).reason).toBe('not-a-number');
  });

  it('rejects a negative tolerance', () => {
    expect(() => createMatchVerifier({ mode: 'numeric', absoluteTolerance: -1 })).toThrow(/field "absoluteTolerance"/);
  });
});

describe('match verifier: json', () => {
  const schema = {
    type: 'object',
    properties: { name: { type: 'string' }, age: { type: 'integer' } },
    required: ['name', 'age'],
    additionalProperties: false,
  };

  it('validates against the schema', async () => {
    expect((await check('<answer>{"name": "Ada", "age": 36}</answer>', undefined, { mode: 'json', schema })).passed).toBe(true);
    expect((await check('```json\n{"name": "Ada", "age": 36}\n```', undefined, { mode: 'json', schema })).passed).toBe(true);
    const extra = await check('{"name": "Ada", "age": 36, "admin": true}', undefined, { mode: 'json', schema });
    expect(extra).toMatchObject({ passed: false, reason: 'schema-mismatch' });
    expect(String(extra.details?.errors)).toMatch(/additional properties/);
    expect((await check('{"name": "Ada", "age": "36"}', undefined, { mode: 'json', schema })).reason).toBe('schema-mismatch');
    expect((await check('{"name": "Ada", age: 36}', undefined, { mode: 'json', schema })).reason).toBe('invalid-json');
  });

  it('optionally also requires deep equality with the ground truth, key order aside', async () => {
    const config = { mode: 'json', schema, equal: true };
    expect((await check('{"age": 36, "name": "Ada"}', '{"name": "Ada", "age": 36}', config)).passed).toBe(true);
    expect((await check('{"age": 37, "name": "Ada"}', '{"name": "Ada", "age": 36}', config)).reason).toBe('wrong');
  });

  it('needs a schema or equal, and a valid schema', () => {
    expect(() => createMatchVerifier({ mode: 'json' })).toThrow(/needs a "schema"/);
    expect(() => createMatchVerifier({ mode: 'json', schema: { type: 'nonsense' } })).toThrow(/invalid JSON Schema/);
  });
});

describe('match verifier: config validation', () => {
  it('names the wrong field or mode', () => {
    expect(() => createMatchVerifier({ mode: 'fuzzy' })).toThrow(/match verifier config: .*mode/);
    expect(() => createMatchVerifier({ mode: 'exact', tolerance: 1 })).toThrow(/unknown field "tolerance"/);
    expect(() => createMatchVerifier({ mode: 'regex' })).toThrow(/missing field "pattern"/);
  });

  it('reports a bad per-call config as an error verdict naming the field', async () => {
    const verdict = await check('x', 'x', { mode: 'normalized', caseSensitive: 'yes' });
    expect(verdict.reason).toBe('error');
    expect(String(verdict.details?.message)).toMatch(/field "caseSensitive"/);
  });

  it('needs a ground truth for comparing modes', async () => {
    expect(String((await check('x', undefined, { mode: 'exact' })).details?.message)).toMatch(/needs the ground truth/);
  });
});

import { describe, expect, it } from 'vitest';
import { formatSamplerSpec, parseSamplerSpec, parseSamplerSpecObject } from './sampler-spec.js';

describe('sampler specs', () => {
  it('parses the CLI spellings, applying defaults', () => {
    expect(parseSamplerSpec('uniform')).toEqual({ kind: 'uniform' });
    expect(parseSamplerSpec('prioritized')).toEqual({ kind: 'prioritized', floor: 0 });
    expect(parseSamplerSpec('prioritized:floor=0.05')).toEqual({ kind: 'prioritized', floor: 0.05 });
    expect(parseSamplerSpec('boundary:lo=0.2,hi=0.8')).toEqual({ kind: 'boundary', lo: 0.2, hi: 0.8 });
    expect(parseSamplerSpec('boundary:lo=0.2,hi=0.8,pool=0.1')).toEqual({ kind: 'boundary', lo: 0.2, hi: 0.8, pool: 0.1 });
    expect(parseSamplerSpec('prioritized:pool=0.05')).toEqual({ kind: 'prioritized', floor: 0, pool: 0.05 });
    expect(parseSamplerSpec('curriculum')).toEqual({ kind: 'curriculum', levels: 10, advanceAt: 0.8, retreatAt: 0.2, window: 128, review: 0.1 });
    expect(parseSamplerSpec('mix:boundary=0.7,uniform=0.3')).toEqual({
      kind: 'mix',
      components: [
        { weight: 0.7, sampler: { kind: 'boundary' } },
        { weight: 0.3, sampler: { kind: 'uniform' } },
      ],
    });
    expect(parseSamplerSpec('mix:boundary(lo=0.2,hi=0.8)=2,prioritized(floor=0.1)=1')).toEqual({
      kind: 'mix',
      components: [
        { weight: 2, sampler: { kind: 'boundary', lo: 0.2, hi: 0.8 } },
        { weight: 1, sampler: { kind: 'prioritized', floor: 0.1 } },
      ],
    });
  });

  it('formats a spec back to a string that parses to the same spec', () => {
    for (const text of ['uniform', 'curriculum:levels=5', 'boundary:pool=0.1', 'mix:boundary(lo=0.2,hi=0.8,pool=0.1)=1,prioritized(pool=0.2)=1', 'mix:boundary(lo=0.2,hi=0.8)=0.7,mix(uniform=1,prioritized=2)=0.3']) {
      const spec = parseSamplerSpec(text);
      expect(parseSamplerSpec(formatSamplerSpec(spec))).toEqual(spec);
    }
  });

  it('names what is wrong', () => {
    expect(() => parseSamplerSpec('greedy')).toThrow(/unknown sampler kind "greedy"; expected one of uniform, curriculum/);
    expect(() => parseSamplerSpec('prioritized:floor=abc')).toThrow(/floor must be a number, received "abc"/);
    expect(() => parseSamplerSpec('prioritized:floor=2')).toThrow(/floor/);
    expect(() => parseSamplerSpec('prioritized:flor=0.1')).toThrow(/flor/);
    expect(() => parseSamplerSpec('boundary:lo=0.9,hi=0.1')).toThrow(/lo must not exceed hi/);
    expect(() => parseSamplerSpec('boundary:outside=0.1')).toThrow(/outside applies only to the band form/);
    expect(() => parseSamplerSpec('curriculum:advanceAt=0.3,retreatAt=0.5')).toThrow(/retreatAt must be below advanceAt/);
    expect(() => parseSamplerSpec('mix:uniform')).toThrow(/expected key=value, received "uniform"/);
    expect(() => parseSamplerSpec('mix:uniform=-1')).toThrow(/weight/);
    expect(() => parseSamplerSpec('mix:boundary(lo=0.2=1')).toThrow(/unbalanced parentheses/);
    expect(() => parseSamplerSpec('mix:greedy=1')).toThrow(/unknown sampler kind "greedy"/);
    expect(() => parseSamplerSpecObject({ kind: 'curriculum', levels: 2.5 })).toThrow(/levels/);
    expect(() => parseSamplerSpec('boundary:pool=0')).toThrow(/pool is the width of a difficulty bucket: it must be > 0/);
    expect(() => parseSamplerSpec('prioritized:pool=1.5')).toThrow(/pool is the width of a difficulty bucket: it must be at most 1/);
    expect(() => parseSamplerSpec('boundary:pool=wide')).toThrow(/pool must be a number, received "wide"/);
    expect(() => parseSamplerSpec('uniform:pool=0.1')).toThrow(/pool/);
  });
});

import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { estimatedSimilarity, frequentShingles, MinHasher, shingleHashes } from './min-hash.js';
import { NearDuplicateIndex } from './near-duplicate-index.js';
import { normalizeText } from './normalize-text.js';

function trueJaccard(a: string, b: string): number {
  const left = new Set(shingleHashes(normalizeText(a)));
  const right = new Set(shingleHashes(normalizeText(b)));
  const shared = [...left].filter((hash) => right.has(hash)).length;
  return shared / (left.size + right.size - shared);
}

function randomText(random: Random, words: number): string {
  const vocabulary = ['apple', 'river', 'seven', 'divide', 'prime', 'graph', 'matrix', 'angle', 'circle', 'number', 'train', 'speed', 'hour', 'sum', 'root', 'digit'];
  return Array.from({ length: words }, () => random.pick(vocabulary) + random.int(0, 99)).join(' ');
}

describe('MinHasher', () => {
  it('estimates the Jaccard similarity of shingle sets within a few points', () => {
    const hasher = new MinHasher(120);
    const random = new Random(3);
    for (let trial = 0; trial < 20; trial++) {
      const base = randomText(random, 30);
      const edited = base.split(' ').map((word) => (random.bool(0.15) ? 'changed' : word)).join(' ');
      const estimate = estimatedSimilarity(hasher.signature(base)!, hasher.signature(edited)!);
      expect(Math.abs(estimate - trueJaccard(base, edited))).toBeLessThan(0.15);
    }
    expect(hasher.signature('   ')).toBeUndefined();
    expect(estimatedSimilarity(hasher.signature('Same TEXT')!, hasher.signature('same   text')!)).toBe(1);
  });
});

describe('NearDuplicateIndex', () => {
  it('finds light edits of stored prompts and not unrelated ones', () => {
    const random = new Random(11);
    const index = new NearDuplicateIndex();
    const stored = Array.from({ length: 3000 }, (_, i) => {
      const text = randomText(random, 25);
      index.add(`p${i}`, text);
      return text;
    });
    expect(index.size).toBe(3000);
    let found = 0;
    for (let i = 0; i < 100; i++) {
      const edited = stored[i]!.replace(/\S+$/, 'different');
      const matches = index.query(edited);
      if (matches[0]?.id === `p${i}`) found++;
      for (const match of matches) expect(match.similarity).toBeGreaterThanOrEqual(0.8);
    }
    expect(found).toBeGreaterThanOrEqual(98);
    const unrelated = Array.from({ length: 100 }, () => index.query(randomText(random, 25)).length);
    expect(unrelated.every((count) => count === 0)).toBe(true);
  });

  it('queryThenAdd reports earlier texts and then knows the new one', () => {
    const index = new NearDuplicateIndex({ threshold: 0.6 });
    expect(index.queryThenAdd('a', 'How many ways can 8 rooks be placed on a chessboard so none attack?')).toEqual([]);
    const matches = index.queryThenAdd('b', 'How many ways can 8 rooks be placed on a chess board so none attack?');
    expect(matches.map((match) => match.id)).toEqual(['a']);
    expect(index.query('How many ways can 8 rooks be placed on a chess board so none attack?').map((match) => match.id).sort()).toEqual(['a', 'b']);
  });

  it('frequentShingles counts the texts a shingle occurs in, not its repeats within one text, and needs more than 20', () => {
    const filler = Array.from({ length: 240 }, (_, i) => `unique filler text number ${i * 7919}`);
    const texts = [...filler, ...Array.from({ length: 30 }, (_, i) => `vwxyz ${i}`), `klmno `.repeat(40)];
    // 271 texts and a 10 % share: a shingle found in more than 27.1 texts is frequent.
    const frequent = frequentShingles(texts, { unit: 'char', size: 5 }, 0.1);
    expect(frequent.has(shingleHashes('vwxyz')[0]!)).toBe(true);
    expect(frequent.has(shingleHashes('klmno')[0]!)).toBe(false);
    expect(frequent.has(shingleHashes('uniqu')[0]!)).toBe(true);
    // Ten texts: 'vwxyz' is in 30 % of them but only 3, too few to be a template.
    expect(frequentShingles(['vwxyz a', 'vwxyz b', 'vwxyz c', ...filler.slice(0, 7)], { unit: 'char', size: 5 }, 0.1).size).toBe(0);
  });

  it('ignores template shingles so problems of one family are compared by what differs', () => {
    const random = new Random(2);
    const prompt = () => `Compute ${random.int(1000, 999999)} + ${random.int(1000, 999999)}. Put your final answer in <answer></answer>.`;
    const stored = Array.from({ length: 2000 }, prompt);
    // At 0.6 the shared instructions alone make different sums look alike.
    const plain = new NearDuplicateIndex({ threshold: 0.6 });
    const templateAware = new NearDuplicateIndex({ threshold: 0.6, ignoredShingles: frequentShingles(stored) });
    stored.forEach((text, i) => {
      plain.add(`a${i}`, text);
      templateAware.add(`a${i}`, text);
    });
    const fresh = Array.from({ length: 50 }, prompt);
    const falseAlarms = (index: NearDuplicateIndex) => fresh.reduce((sum, text) => sum + index.query(text).length, 0);
    expect(falseAlarms(plain)).toBeGreaterThan(0);
    expect(falseAlarms(templateAware)).toBe(0);
    const copy = `${stored[7]!.replace('Compute', 'compute ')}`;
    expect(templateAware.query(copy)[0]?.id).toBe('a7');
  });

  it('rejects impossible settings by name', () => {
    expect(() => new NearDuplicateIndex({ threshold: 0 })).toThrow(/threshold/);
    expect(() => new NearDuplicateIndex({ bands: 50, rows: 6 })).toThrow(/\[1, 256\], received 300/);
  });
});

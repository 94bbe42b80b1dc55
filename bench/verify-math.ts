import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Random } from '../src/core/random.js';
import { runVerifier, type VerifyInput } from '../src/core/verifier.js';
import { createMathVerifier } from '../src/verify/math/index.js';

interface LabelledInput {
  input: VerifyInput;
  /** Whether the response was built to be right. */
  right: boolean;
}

/** Typical final answers of math problems, each as a full response, right and wrong. */
function typicalInputs(count: number, random: Random): LabelledInput[] {
  const makers: ((random: Random, right: boolean) => VerifyInput)[] = [
    (r, right) => {
      const n = r.int(-5000, 5000);
      return { response: `Adding up, we get \\boxed{${right ? n : n + 1}}.`, answer: String(n) };
    },
    (r, right) => {
      const n = r.int(1, 99);
      return { response: `<think>…</think><answer>${right ? n : n + 2}</answer>`, answer: String(n) };
    },
    (r, right) => {
      const [p, q] = [r.int(1, 50), r.int(2, 60)];
      return { response: `So the probability is $\\boxed{\\dfrac{${p * 2}}{${q * 2 + (right ? 0 : 1)}}}$`, answer: `\\frac{${p}}{${q}}` };
    },
    (r, right) => {
      const value = (r.int(1, 100_000) / 100).toFixed(2);
      return { response: `The total is \\$${value}. Final answer: ${right ? value : `${value}7`}`, answer: value };
    },
    (r, right) => {
      const k = r.int(2, 30);
      return { response: `Therefore \\boxed{${k}\\sqrt{3}}`, answer: `\\sqrt{${3 * k * k + (right ? 0 : 1)}}` };
    },
    (r, right) => {
      const a = r.int(1, 9);
      return { response: `Expanding gives \\boxed{x^2 + ${2 * a}x + ${a * a}}`, answer: `(x+${right ? a : a + 1})^2` };
    },
    (r, right) => {
      const [a, b] = [r.int(-9, 0), r.int(1, 9)];
      return { response: `The solution set is \\boxed{[${a}, ${b}${right ? ')' : ']'}}`, answer: `[${a},${b})` };
    },
    (r, right) => {
      const n = r.int(2, 9);
      return { response: `We find \\boxed{\\frac{${n}\\pi}{4}}`, answer: `${right ? n : n + 1}\\pi/4` };
    },
  ];
  return Array.from({ length: count }, () => {
    const right = random.bool(0.8);
    return { input: random.pick(makers)(random, right), right };
  });
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Heap in use after a full collection (the bench scripts do not pass --expose-gc). */
function settledHeapMb(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 1e6;
}

/**
 * Throughput and latency of the math verifier on typical answers (in-process rules), heap after
 * each of three rounds (it must plateau), and the compute-engine fallback's throughput.
 */
export async function benchMath(): Promise<Record<string, number>> {
  const verifier = createMathVerifier();
  const rounds = [0, 1, 2].map((round) => typicalInputs(20_000, new Random(`bench-math-${round}`)));
  for (const { input } of rounds[0]!.slice(0, 500)) await runVerifier(verifier, input);

  const heapMb: number[] = [settledHeapMb()];
  const latencies: number[] = [];
  let agreeing = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (const inputs of rounds) {
    for (const { input, right } of inputs) {
      const verdict = await runVerifier(verifier, input);
      latencies.push(verdict.ms);
      if (verdict.passed === right) agreeing++;
    }
    heapMb.push(settledHeapMb());
  }
  const cpu = process.cpuUsage(cpuStarted);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  latencies.sort((a, b) => a - b);

  const fallbackInputs = Array.from({ length: 200 }, (_, index) => ({ response: `\\boxed{\\operatorname{lcm}(${index + 2}, 6)}`, answer: String(((index + 2) * 6) / gcd(index + 2, 6)) }));
  await runVerifier(verifier, fallbackInputs[0]!);
  const fallbackStarted = performance.now();
  let fallbackCorrect = 0;
  for (const input of fallbackInputs) if ((await runVerifier(verifier, input)).passed) fallbackCorrect++;
  const fallbackSeconds = (performance.now() - fallbackStarted) / 1000;
  await verifier.close?.();

  return {
    typicalChecks: latencies.length,
    typicalChecksPerSecond: Math.round(latencies.length / seconds),
    typicalChecksPerCpuSecond: Math.round(latencies.length / cpuSeconds),
    typicalP50Ms: Number(percentile(latencies, 0.5).toFixed(3)),
    typicalP99Ms: Number(percentile(latencies, 0.99).toFixed(3)),
    typicalMaxMs: Number(latencies[latencies.length - 1]!.toFixed(3)),
    typicalVerdictsAgreeingWithConstruction: Number((agreeing / latencies.length).toFixed(4)),
    heapStartMb: Number(heapMb[0]!.toFixed(1)),
    heapAfter20kMb: Number(heapMb[1]!.toFixed(1)),
    heapAfter60kMb: Number(heapMb[3]!.toFixed(1)),
    computerAlgebraChecksPerSecond: Math.round(fallbackInputs.length / fallbackSeconds),
    computerAlgebraCorrectFraction: Number((fallbackCorrect / fallbackInputs.length).toFixed(3)),
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const figures = await benchMath();
  console.log(JSON.stringify(figures, null, 2));
}

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { buildSync } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * tfjs-core's Node bundle ships no gradient functions: the union package registers them from the
 * ESM build, whose extensionless imports plain Node cannot resolve. We bundle that build's
 * `register_all_gradients` into one CommonJS file with esbuild (tsx's own dependency), cache it
 * under node_modules/.cache/rlvr keyed by the tfjs-core version, and load it. tfjs keeps its
 * engine and registries global, so the bundled copy registers into the running engine (and its
 * tensors interoperate: tfjs's Tensor overrides `instanceof` for this case). The first run costs
 * a couple of seconds; later ones load the cached file in ~0.2 s. A no-op when gradients are
 * already registered (by this or any other loader).
 */
export function registerGradients(): void {
  if (tf.getGradient('BatchMatMul') !== undefined) return;
  require(bundledGradients());
}

function bundledGradients(): string {
  const packageFile = require.resolve('@tensorflow/tfjs-core/package.json');
  const { version } = JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string };
  const cacheDirectory = path.join(path.dirname(packageFile), '..', '..', '.cache', 'rlvr');
  const file = path.join(cacheDirectory, `tfjs-core-${version}-gradients.cjs`);
  try {
    readFileSync(file, { encoding: 'utf8', flag: 'r' });
    return file;
  } catch {
    // Not cached yet: bundle it below.
  }
  const entry = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  const { outputFiles } = buildSync({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'silent' });
  mkdirSync(cacheDirectory, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, outputFiles[0]!.contents);
  renameSync(temporary, file);
  return file;
}

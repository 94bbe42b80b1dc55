import { splitPythonAsserts, type PythonSandboxOptions, type SplitPythonAssert } from '../../sandbox/index.js';

const CACHED_PROBLEMS = 512;

/**
 * Splits a problem's asserts once (a sandboxed Python run) and remembers the result: every
 * sampled response to a problem shares its asserts, so the split is paid once per problem.
 */
export class PythonAssertSplitter {
  private readonly cache = new Map<string, Promise<SplitPythonAssert[]>>();

  split(asserts: readonly string[], options: PythonSandboxOptions): Promise<SplitPythonAssert[]> {
    const key = JSON.stringify(asserts);
    const known = this.cache.get(key);
    if (known) {
      this.cache.delete(key);
      this.cache.set(key, known);
      return known;
    }
    const pending = splitPythonAsserts(asserts, options);
    pending.catch(() => this.cache.delete(key));
    this.cache.set(key, pending);
    if (this.cache.size > CACHED_PROBLEMS) this.cache.delete(this.cache.keys().next().value!);
    return pending;
  }
}

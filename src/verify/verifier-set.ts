import type { Verifier } from '../core/verifier.js';
import { verifierEntry, type VerifierOptions } from './registry.js';

/**
 * Verifiers by registry name, each created once on first use and shared (a rubric's components
 * resolve here too, so one code sandbox pool serves them all). `close()` releases every one.
 */
export class VerifierSet {
  private readonly verifiers = new Map<string, Promise<Verifier>>();
  private closed = false;

  /** `options` maps a verifier name to the options its factory receives. */
  constructor(private readonly options: Readonly<Record<string, VerifierOptions>> = {}) {}

  get(name: string): Promise<Verifier> {
    if (this.closed) return Promise.reject(new Error(`verifier set is closed; cannot create "${name}"`));
    let verifier = this.verifiers.get(name);
    if (!verifier) {
      const entry = verifierEntry(name);
      verifier = entry.create(this.options[name], this);
      this.verifiers.set(name, verifier);
      // A failed creation is not cached: the next call tries again and reports its own error.
      const created = verifier;
      created.catch(() => {
        if (this.verifiers.get(name) === created) this.verifiers.delete(name);
      });
    }
    return verifier;
  }

  /** Names created so far. */
  created(): string[] {
    return [...this.verifiers.keys()];
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.verifiers.values()];
    this.verifiers.clear();
    const errors: unknown[] = [];
    await Promise.all(
      pending.map(async (created) => {
        // A verifier that failed to be created has nothing to close.
        const verifier = await created.catch(() => undefined);
        await verifier?.close?.().catch((error: unknown) => errors.push(error));
      }),
    );
    if (errors.length > 0) throw new AggregateError(errors, `closing ${errors.length} verifier(s) failed`);
  }
}

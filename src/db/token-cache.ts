import type { TokenWithUser } from './repositories/tokens.ts';

/**
 * Recently authenticated tokens by digest, so a busy token costs no database read (SQLite only;
 * see token-cache-wiring.ts for why not PostgreSQL). Correctness rests on invalidation, not on the
 * TTL (a safety net only): every change to a token or user that matters for authentication clears
 * the whole cache (auth-change-plugin.ts for this process, data_version for other processes).
 *
 * The generation guards a race: a lookup that read the database before an invalidation must not
 * put its (now stale) result into the cache after it.
 */
export class TokenCache {
  private readonly entries = new Map<string, { value: TokenWithUser; storedAt: number }>();
  private generation = 0;
  private enabled: boolean;

  constructor(
    private readonly options: {
      maxEntries: number;
      ttlMs: number;
      /** Enabled from the start? (PostgreSQL waits until its change listener is up.) */
      enabled: boolean;
      /** True when another process changed the database since the last call (SQLite). */
      changedElsewhere?: () => boolean;
    },
  ) {
    this.enabled = options.enabled;
  }

  /** Call before reading the database; pass the result to `set`. */
  begin(): number {
    this.checkElsewhere();
    return this.generation;
  }

  get(digest: string): TokenWithUser | undefined {
    if (!this.enabled) return undefined;
    this.checkElsewhere();
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (performance.now() - entry.storedAt > this.options.ttlMs) {
      this.entries.delete(digest);
      return undefined;
    }
    return entry.value;
  }

  set(digest: string, value: TokenWithUser, generation: number): void {
    if (!this.enabled || generation !== this.generation) return;
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(digest, { value, storedAt: performance.now() });
  }

  invalidateAll(): void {
    this.generation += 1;
    this.entries.clear();
  }

  setEnabled(enabled: boolean): void {
    this.invalidateAll();
    this.enabled = enabled;
  }

  private checkElsewhere(): void {
    if (this.options.changedElsewhere?.()) this.invalidateAll();
  }
}

interface ReadOptions<T> {
  /** Whether to keep what `load` returned (default: always). */
  keep?: (value: T) => boolean;
  /** Other keys to file the same value under. */
  also?: (value: T) => [string, unknown][];
}

/**
 * Hot reads kept in memory (a token by digest with its user, a project and a membership) while
 * nothing they depend on has changed. "Changed" is the auth epoch (migration 2026-11-30T11): a
 * counter bumped by triggers in the same transaction as every such write, whoever makes it.
 *
 * Every request refreshes the cache before it uses it: `refresh()` reads the epoch with a query
 * sent after the call (SQLite: a synchronous read; PostgreSQL: one query shared by the requests that
 * asked meanwhile, see auth-epoch.ts) and empties the cache when the epoch moved. So a change
 * committed before a request arrived is seen by that request, on every node: a token revoked on
 * node B is refused by node A on the very next request, with no notification to wait for.
 *
 * Why that is enough: the epoch only grows, and an entry is read from the database after a
 * refresh that saw the epoch it is filed under. If a later request sees that same epoch, nothing
 * watched was committed between the entry's read and the request's arrival.
 */
export class ReadCache {
  private readonly entries = new Map<string, { value: unknown; storedAt: number }>();
  private epoch: number | undefined;
  private generation = 0;

  constructor(
    private readonly readEpoch: (() => number | Promise<number>) | null,
    private readonly options: { maxEntries: number; ttlMs: number },
  ) {}

  /** A cache that keeps nothing (the CLI: one command, a few reads). */
  static disabled(): ReadCache {
    return new ReadCache(null, { maxEntries: 0, ttlMs: 0 });
  }

  /** Catches up with every change committed before this call. Once per request, before any read. */
  refresh(): Promise<void> | void {
    if (this.readEpoch === null || this.options.maxEntries === 0) return;
    const epoch = this.readEpoch();
    // SQLite answers synchronously: no promise on the hot path then.
    if (typeof epoch === 'number') return this.observe(epoch);
    return epoch.then((value) => this.observe(value));
  }

  /** Forgets everything if `epoch` differs from the one the entries were read under. */
  private observe(epoch: number): void {
    if (epoch === this.epoch) return;
    this.epoch = epoch;
    this.generation += 1;
    this.entries.clear();
  }

  /**
   * The kept value for `key`, or `load()`'s, kept when `keep` allows it (and also filed under the
   * keys `also` gives). Valid only after this request's `refresh()`.
   */
  read<T>(key: string, load: () => Promise<T>, options: ReadOptions<T> = {}): Promise<T> {
    if (this.options.maxEntries === 0) return load();
    const entry = this.entries.get(key);
    if (entry) {
      if (performance.now() - entry.storedAt <= this.options.ttlMs) return Promise.resolve(entry.value as T);
      this.entries.delete(key);
    }
    return this.loadAndKeep(key, load, options);
  }

  private async loadAndKeep<T>(key: string, load: () => Promise<T>, options: ReadOptions<T>): Promise<T> {
    // A refresh that moves the epoch while `load` runs makes its result unfit to keep.
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && (options.keep?.(value) ?? true)) {
      this.store(key, value);
      for (const [alias, aliased] of options.also?.(value) ?? []) this.store(alias, aliased);
    }
    return value;
  }

  private store(key: string, value: unknown): void {
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, storedAt: performance.now() });
  }
}

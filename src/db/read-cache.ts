/** A project's epoch of one kind moved (migration 2026-12-02T80): `value` is its place in the order of such changes. */
export interface ScopedChange {
  kind: string;
  scope: number;
  value: number;
}

/**
 * One reading of the epochs: every kind's counter, and the scoped changes committed after the
 * position the reader asked from, up to `position` (the same snapshot).
 */
export interface Epochs {
  readonly kinds: Readonly<Record<string, number>>;
  readonly position: number;
  readonly changes: readonly ScopedChange[];
}

export interface ReadOptions<T> {
  /** Whether to keep what `load` returned (default: always). */
  keep?: (value: T) => boolean;
  /** Other keys (of the same kind) to file the same value under. */
  also?: (value: T) => [string, unknown][];
  /** The project the value belongs to, for a kind whose epochs are per project (required there). */
  scope?: (value: T) => number;
}

/** What a kind of read has cost since start-up: answered from memory, read from the database, emptied, a project's entries dropped. */
export interface KindStats {
  hits: number;
  loads: number;
  clears: number;
  scopedClears: number;
}

/** How many scoped drops a kind remembers the projects of; a load overtaken by more is not kept. */
const RECENT_SCOPED_DROPS = 256;

interface Entry {
  value: unknown;
  storedAt: number;
  scope: number | undefined;
}

interface Part {
  entries: Map<string, Entry>;
  /** Scope → the keys filed under it (scoped kinds only). */
  scopes: Map<number, Set<string>>;
  scoped: boolean;
  epoch: number | undefined;
  /** Moves whenever the whole kind is emptied: a load that began before must not be kept. */
  generation: number;
  /**
   * Scoped drops since start-up, and the projects of the latest RECENT_SCOPED_DROPS of them (oldest
   * first): a load that began before a drop of its own project must not be kept; one of another
   * project's may (a note every 10 ms in one project no longer throws away the others' loads).
   */
  scopedDrops: number;
  recentScopedDrops: number[];
  stats: KindStats;
}

/**
 * The engine under src/db/cached-reads.ts (the only module that files anything in it): values
 * kept in memory per *kind*, each kind emptied when its epoch moved. An epoch is a counter that
 * database triggers bump in the same transaction as every write a kind depends on, whoever makes
 * it (migration 2026-12-01T30).
 *
 * Every request refreshes the cache before it reads: `refresh()` reads all the epochs with one
 * query sent after the call (SQLite: a synchronous read; PostgreSQL: one query shared by the
 * requests that asked meanwhile, see read-cache-epochs.ts) and empties each kind whose epoch moved.
 * So a change committed before a request arrived is seen by that request, on every node.
 *
 * A *scoped* kind (given in `scopedKinds`) also has an epoch per project: the reading lists the
 * projects whose epoch moved since this cache's position, and only their entries are dropped
 * (every entry of a scoped kind is filed under its project). Its kind-wide epoch still empties
 * all of it.
 *
 * Why that is enough: an epoch only grows, and an entry is read from the database after a refresh
 * that saw the epoch of its kind it is filed under. If a later request sees that same epoch,
 * nothing that kind depends on was committed between the entry's read and the request's arrival.
 */
export class ReadCache<Kind extends string> {
  private readonly parts = new Map<Kind, Part>();
  private size = 0;
  /** Every scoped change up to here has been applied. */
  private position: number | undefined;
  private observed: Epochs | undefined;

  constructor(
    kinds: readonly Kind[],
    private readonly readEpochs: ((since?: number) => Epochs | Promise<Epochs>) | null,
    private readonly options: { maxEntries: number; ttlMs: number; scopedKinds?: readonly Kind[] },
  ) {
    for (const kind of kinds) {
      this.parts.set(kind, {
        entries: new Map(),
        scopes: new Map(),
        scoped: options.scopedKinds?.includes(kind) ?? false,
        epoch: undefined,
        generation: 0,
        scopedDrops: 0,
        recentScopedDrops: [],
        stats: { hits: 0, loads: 0, clears: 0, scopedClears: 0 },
      });
    }
  }

  private get enabled(): boolean {
    return this.readEpochs !== null && this.options.maxEntries > 0;
  }

  /** Catches up with every change committed before this call. Once per request, before any read. */
  refresh(): Promise<void> | void {
    if (!this.enabled) return;
    const epochs = this.readEpochs!(this.position);
    // SQLite answers synchronously: no promise on the hot path then.
    if (!(epochs instanceof Promise)) return this.observe(epochs);
    return epochs.then((value) => this.observe(value));
  }

  /**
   * Empties every kind whose epoch differs from the one its entries were read under, then drops the
   * entries of each project whose scoped epoch moved past this cache's position. A reading may
   * repeat changes already applied (requests that share one query asked from different
   * positions): only those past the position count.
   */
  private observe(epochs: Epochs): void {
    // A reading that found nothing changed is handed back as the same object (SQLite).
    if (epochs === this.observed) return;
    this.observed = epochs;
    for (const [kind, part] of this.parts) {
      const epoch = epochs.kinds[kind];
      if (epoch === undefined) throw new Error(`the read cache epoch "${kind}" is missing`);
      if (epoch === part.epoch) continue;
      if (part.epoch !== undefined) part.stats.clears += 1;
      part.epoch = epoch;
      part.generation += 1;
      this.size -= part.entries.size;
      part.entries.clear();
      part.scopes.clear();
    }
    const from = this.position;
    if (from !== undefined && epochs.position <= from) return;
    this.position = epochs.position;
    // Before the first reading nothing was kept: there is nothing to drop.
    if (from === undefined) return;
    for (const change of epochs.changes) {
      if (change.value <= from) continue;
      const part = this.parts.get(change.kind as Kind);
      if (!part?.scoped) continue;
      part.stats.scopedClears += 1;
      part.scopedDrops += 1;
      part.recentScopedDrops.push(change.scope);
      if (part.recentScopedDrops.length > RECENT_SCOPED_DROPS) part.recentScopedDrops.shift();
      for (const key of part.scopes.get(change.scope) ?? []) this.remove(part, key);
    }
  }

  private part(kind: Kind): Part {
    return this.parts.get(kind)!;
  }

  /**
   * The kept value for `key`, or `load()`'s, kept when `keep` allows it (and also filed under the
   * keys `also` gives). Valid only after this request's `refresh()`; before the first refresh
   * nothing is kept.
   */
  read<T>(kind: Kind, key: string, load: () => Promise<T>, options: ReadOptions<T> = {}): Promise<T> {
    const part = this.part(kind);
    if (!this.enabled || part.epoch === undefined) return load();
    const entry = part.entries.get(key);
    if (entry) {
      if (performance.now() - entry.storedAt <= this.options.ttlMs) {
        part.stats.hits += 1;
        return Promise.resolve(entry.value as T);
      }
      this.remove(part, key);
    }
    return this.loadAndKeep(part, key, load, options);
  }

  private async loadAndKeep<T>(part: Part, key: string, load: () => Promise<T>, options: ReadOptions<T>): Promise<T> {
    // A refresh that empties the kind, or drops the value's project, while `load` runs makes its
    // result unfit to keep.
    const generation = part.generation;
    const scopedDrops = part.scopedDrops;
    part.stats.loads += 1;
    const value = await load();
    if (generation !== part.generation || !(options.keep?.(value) ?? true)) return value;
    const scope = options.scope?.(value);
    if (part.scoped && scope === undefined) throw new Error('an entry of a scoped kind needs its scope');
    if (scope !== undefined && this.droppedSince(part, scopedDrops, scope)) return value;
    this.store(part, key, value, scope);
    for (const [alias, aliased] of options.also?.(value) ?? []) this.store(part, alias, aliased, scope);
    return value;
  }

  /** Whether `scope` was dropped after the kind's first `since` scoped drops (when unsure: yes). */
  private droppedSince(part: Part, since: number, scope: number): boolean {
    const count = part.scopedDrops - since;
    if (count === 0) return false;
    const recent = part.recentScopedDrops;
    if (count > recent.length) return true;
    for (let i = recent.length - count; i < recent.length; i++) if (recent[i] === scope) return true;
    return false;
  }

  /**
   * Files `next` in place of `current` under `key`, only while `current` is what is filed there:
   * an entry emptied or read anew since stays as it is. For a write that the cache's own copy must
   * reflect (a token's last use, whose columns no epoch watches).
   */
  replace<T>(kind: Kind, key: string, current: T, next: T): void {
    const part = this.part(kind);
    const entry = part.entries.get(key);
    if (entry && entry.value === current) entry.value = next;
  }

  stats(): Record<Kind, KindStats> {
    const stats = {} as Record<Kind, KindStats>;
    for (const [kind, part] of this.parts) stats[kind] = { ...part.stats };
    return stats;
  }

  private remove(part: Part, key: string): void {
    const entry = part.entries.get(key);
    if (!entry) return;
    part.entries.delete(key);
    this.size -= 1;
    if (entry.scope === undefined) return;
    const keys = part.scopes.get(entry.scope)!;
    keys.delete(key);
    if (keys.size === 0) part.scopes.delete(entry.scope);
  }

  private store(part: Part, key: string, value: unknown, scope: number | undefined): void {
    this.remove(part, key);
    if (this.size >= this.options.maxEntries) this.evictOldest(part);
    part.entries.set(key, { value, storedAt: performance.now(), scope });
    this.size += 1;
    if (scope === undefined) return;
    const keys = part.scopes.get(scope);
    if (keys) keys.add(key);
    else part.scopes.set(scope, new Set([key]));
  }

  /** Makes room: the oldest entry of this kind, or of the largest kind when this one holds none. */
  private evictOldest(part: Part): void {
    let from = part;
    if (from.entries.size === 0) for (const other of this.parts.values()) if (other.entries.size > from.entries.size) from = other;
    const oldest = from.entries.keys().next();
    if (!oldest.done) this.remove(from, oldest.value);
  }
}

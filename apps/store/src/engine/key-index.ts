/**
 * The in-memory key index, as etcd's treeIndex: per key, its generations of revisions
 * (a generation runs from a key's creation to its deletion, the tombstone being its last
 * revision), kept in key order so ranges can walk it. Keys are held as latin1 strings,
 * whose JS ordering is the byte ordering of the original keys.
 *
 * The index knows revisions only; the records live in LMDB (or, until durable, in the
 * store's pending map). It is rebuilt by scanning the `key` database on open.
 */

/** One generation: revisions from creation to (for all but the last) the tombstone. */
export class Generation {
  /** Versions this generation has seen, including compacted ones (as etcd's `ver`). */
  ver: number;
  /** Main revision this generation was created at. */
  created: number;
  readonly mains: number[] = [];
  readonly subs: number[] = [];

  constructor(created: number, ver: number) {
    this.created = created;
    this.ver = ver;
  }
}

/** Revisions removed by a compaction, per key in ascending order. */
export interface RevList {
  mains: number[];
  subs: number[];
}

/** Where `KeyIndex.get` writes what it found (avoids an allocation per key read). */
export const hit = { main: 0, sub: 0 };

/** Index of the last element of sorted `a` that is <= x, or -1. */
function lastAtOrBelow(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The revisions of one key. */
export class KeyIndex {
  /** The key's bytes as latin1 (one byte per character). */
  readonly id: string;
  gens: Generation[] = [];
  /** Lease of the latest record when the key is live, else 0n (applied state). */
  lease = 0n;

  constructor(id: string) {
    this.id = id;
  }

  /**
   * The key's bytes, made from `id` on each use. The index holds no Buffer: a small Buffer is
   * a view into a shared 8 KiB slab (or into the request it arrived in), and one kept for
   * as long as its key exists keeps that whole slab alive.
   */
  get key(): Buffer {
    return Buffer.from(this.id, 'latin1');
  }

  /** The live generation, or undefined when the key does not exist now. */
  live(): Generation | undefined {
    const g = this.gens[this.gens.length - 1];
    return g !== undefined && g.mains.length > 0 ? g : undefined;
  }

  /** Records a put at (main, sub), starting a generation if the key does not exist. */
  put(main: number, sub: number): void {
    let g = this.gens[this.gens.length - 1];
    if (g === undefined) {
      g = new Generation(main, 0);
      this.gens.push(g);
    } else if (g.mains.length === 0) g.created = main;
    g.mains.push(main);
    g.subs.push(sub);
    g.ver++;
  }

  /** Records a delete at (main, sub): the tombstone ends the live generation. */
  tombstone(main: number, sub: number): void {
    this.put(main, sub);
    this.gens.push(new Generation(0, 0));
  }

  /**
   * Adds a record seen while rebuilding the index on open. The first record of a
   * generation may follow compacted ones, so it takes created/version from the record.
   */
  restore(main: number, sub: number, created: number, version: number, tombstone: boolean): void {
    const g = this.gens[this.gens.length - 1];
    if (g === undefined || g.mains.length === 0) {
      const ng = new Generation(created, version);
      ng.mains.push(main);
      ng.subs.push(sub);
      if (g === undefined) this.gens.push(ng);
      else this.gens[this.gens.length - 1] = ng;
      if (tombstone) this.gens.push(new Generation(0, 0));
      return;
    }
    if (tombstone) this.tombstone(main, sub);
    else this.put(main, sub);
  }

  /**
   * Finds the revision of this key visible at `atRev` (etcd's keyIndex.get): fills `hit`
   * and returns true, or returns false when the key did not exist at `atRev`.
   */
  get(atRev: number): boolean {
    const gens = this.gens;
    const last = gens.length - 1;
    for (let cg = last; cg >= 0; cg--) {
      const g = gens[cg]!;
      const n = g.mains.length;
      if (n === 0) continue;
      if (cg !== last && g.mains[n - 1]! <= atRev) return false;
      if (g.mains[0]! <= atRev) {
        const i = lastAtOrBelow(g.mains, atRev);
        hit.main = g.mains[i]!;
        hit.sub = g.subs[i]!;
        return true;
      }
    }
    return false;
  }

  /** True when (main, sub) is one of the revisions the index still holds. */
  has(main: number, sub: number): boolean {
    for (const g of this.gens) {
      const i = lastAtOrBelow(g.mains, main);
      if (i >= 0 && g.mains[i] === main && g.subs[i] === sub) return true;
    }
    return false;
  }

  /** True when no revision is left. */
  isEmpty(): boolean {
    return this.gens.length === 0 || (this.gens.length === 1 && this.gens[0]!.mains.length === 0);
  }

  /**
   * Drops revisions before `atRev`, keeping the latest revision at or below it unless
   * that is a tombstone (etcd's keyIndex.compact). Appends dropped revisions to `removed`.
   */
  compact(atRev: number, removed: RevList): void {
    const gens = this.gens;
    let gi = 0;
    while (gi < gens.length - 1) {
      const g = gens[gi]!;
      if (g.mains[g.mains.length - 1]! > atRev) break;
      pushAll(removed, g, g.mains.length);
      gi++;
    }
    const g = gens[gi];
    if (g !== undefined && g.mains.length > 0) {
      const ri = lastAtOrBelow(g.mains, atRev);
      if (ri > 0) {
        pushAll(removed, g, ri);
        g.mains.splice(0, ri);
        g.subs.splice(0, ri);
      }
      if (g.mains.length === 1 && gi !== gens.length - 1) {
        pushAll(removed, g, 1);
        gi++;
      }
    }
    if (gi > 0) this.gens = gens.slice(gi);
  }
}

function pushAll(removed: RevList, g: Generation, count: number): void {
  for (let i = 0; i < count; i++) {
    removed.mains.push(g.mains[i]!);
    removed.subs.push(g.subs[i]!);
  }
}

const CHUNK = 512;

/**
 * All keys, by id for point lookups and in key order for ranges (a list of sorted chunks:
 * inserts cost O(chunk) rather than O(keys)).
 */
export class TreeIndex {
  private readonly byId = new Map<string, KeyIndex>();
  private chunks: KeyIndex[][] = [];

  /** Number of keys with any revision. */
  get size(): number {
    return this.byId.size;
  }

  get(id: string): KeyIndex | undefined {
    return this.byId.get(id);
  }

  /** The index entry of the key whose latin1 form is `id`, created (empty) when absent. */
  getOrCreate(id: string): KeyIndex {
    let ki = this.byId.get(id);
    if (ki === undefined) {
      ki = new KeyIndex(id);
      this.byId.set(id, ki);
      this.insert(ki);
    }
    return ki;
  }

  /** Calls `fn` for each key with start <= id < end ('' = unbounded), in key order, while it returns true. */
  scan(start: string, end: string, fn: (ki: KeyIndex) => boolean): void {
    const chunks = this.chunks;
    let c = this.chunkFor(start);
    if (c >= chunks.length) return;
    let i = lowerBound(chunks[c]!, start);
    for (; c < chunks.length; c++, i = 0) {
      const chunk = chunks[c]!;
      for (; i < chunk.length; i++) {
        const ki = chunk[i]!;
        if (end !== '' && ki.id >= end) return;
        if (!fn(ki)) return;
      }
    }
  }

  /** Compacts every key at `atRev`, dropping keys left empty; returns the removed revisions. */
  compact(atRev: number): RevList {
    const removed: RevList = { mains: [], subs: [] };
    let dropped = false;
    for (const ki of this.byId.values()) {
      ki.compact(atRev, removed);
      if (ki.isEmpty()) {
        this.byId.delete(ki.id);
        dropped = true;
      }
    }
    if (dropped) this.rechunk();
    return removed;
  }

  /** Every key index in key order (for rebuilding after compaction). */
  private rechunk(): void {
    const all: KeyIndex[] = [];
    for (const chunk of this.chunks) for (const ki of chunk) if (this.byId.get(ki.id) === ki) all.push(ki);
    const chunks: KeyIndex[][] = [];
    for (let i = 0; i < all.length; i += CHUNK) chunks.push(all.slice(i, i + CHUNK));
    this.chunks = chunks;
  }

  private insert(ki: KeyIndex): void {
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([ki]);
      return;
    }
    let c = this.chunkFor(ki.id);
    if (c === chunks.length) c--;
    const chunk = chunks[c]!;
    chunk.splice(lowerBound(chunk, ki.id), 0, ki);
    if (chunk.length > 2 * CHUNK) chunks.splice(c + 1, 0, chunk.splice(CHUNK));
  }

  /** Index of the first chunk whose last key is >= id (chunks.length when none). */
  private chunkFor(id: string): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = chunks[mid]!;
      if (chunk[chunk.length - 1]!.id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(chunk: KeyIndex[], id: string): number {
  let lo = 0;
  let hi = chunk.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (chunk[mid]!.id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

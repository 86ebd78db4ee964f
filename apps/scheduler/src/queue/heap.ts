/** A binary heap of items with string keys, supporting update and delete by key (kube-scheduler's heap.Heap). */

/** A keyed min-heap ordered by `less`. */
export class KeyedHeap<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }

  /** The least item without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds the item, or replaces the one with the same key and restores the order. */
  addOrUpdate(item: T): void {
    const key = this.keyOf(item);
    const i = this.index.get(key);
    if (i !== undefined) {
      this.items[i] = item;
      this.fix(i);
      return;
    }
    this.items.push(item);
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  /** Removes and returns the least item. */
  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0] as T;
    this.removeAt(0);
    return top;
  }

  /** Removes the item with `key`; false when absent. */
  delete(key: string): boolean {
    const i = this.index.get(key);
    if (i === undefined) return false;
    this.removeAt(i);
    return true;
  }

  /** Every item, in no particular order. */
  list(): T[] {
    return [...this.items];
  }

  private removeAt(i: number): void {
    const last = this.items.length - 1;
    this.swap(i, last);
    const removed = this.items.pop() as T;
    this.index.delete(this.keyOf(removed));
    if (i < this.items.length) this.fix(i);
  }

  private fix(i: number): void {
    if (!this.down(i)) this.up(i);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.items[i] as T, this.items[parent] as T)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(start: number): boolean {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.items.length) break;
      const r = l + 1;
      const child = r < this.items.length && this.less(this.items[r] as T, this.items[l] as T) ? r : l;
      if (!this.less(this.items[child] as T, this.items[i] as T)) break;
      this.swap(i, child);
      i = child;
    }
    return i > start;
  }

  private swap(i: number, j: number): void {
    if (i === j) return;
    const a = this.items[i] as T;
    const b = this.items[j] as T;
    this.items[i] = b;
    this.items[j] = a;
    this.index.set(this.keyOf(b), i);
    this.index.set(this.keyOf(a), j);
  }
}

/** A first-in first-out queue with O(1) push and shift (an array with a moving head). */
export class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  /** Number of items queued. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Appends `item` at the tail. */
  push(item: T): void {
    this.items.push(item);
  }

  /** Removes and returns the head, or undefined when empty. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) this.compact();
    return item;
  }

  /** Removes everything. */
  clear(): void {
    this.items = [];
    this.head = 0;
  }

  private compact(): void {
    this.items = this.items.slice(this.head);
    this.head = 0;
  }
}

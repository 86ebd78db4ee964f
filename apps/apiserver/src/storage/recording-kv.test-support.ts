/** An in-memory KvStore for storage and handler tests. */
import { StoreError } from '../errors.js';
import type { Kv, KvStore, RangeOptions, RangeResult, WriteResult } from './kv.js';

/** A KvStore in memory that records every write it is sent, with a hook to change a key under a writer. */
export class RecordingKv implements KvStore {
  rev = 1;
  readonly data = new Map<string, Kv>();
  /** Every write sent, with its outcome. */
  readonly writes: Array<{ key: string; bytes: number; ok: boolean }> = [];
  /** Set to make the next writes fail as a store with a smaller limit would. */
  refuseAsTooLarge = false;
  /** Called before each conditional write: a chance to change the key under the writer. */
  beforeUpdate: (key: string) => void = () => undefined;

  put(key: string, value: Buffer): number {
    this.rev++;
    const prev = this.data.get(key);
    this.data.set(key, { key, value, modRevision: this.rev, createRevision: prev?.createRevision ?? this.rev });
    return this.rev;
  }

  async range(o: RangeOptions): Promise<RangeResult> {
    const kv = this.data.get(o.key);
    return { kvs: kv ? [kv] : [], revision: this.rev, more: false, count: kv ? 1 : 0 };
  }

  private write(key: string, value: Buffer, expected: number): WriteResult {
    if (this.refuseAsTooLarge) throw new StoreError('TooLarge', 'etcdserver: request is too large');
    const current = this.data.get(key);
    const ok = (current?.modRevision ?? 0) === expected;
    this.writes.push({ key, bytes: value.length, ok });
    if (!ok) return { ok: false, current, revision: this.rev };
    return { ok: true, revision: this.put(key, value) };
  }

  async create(key: string, value: Buffer): Promise<WriteResult> {
    return this.write(key, value, 0);
  }

  async update(key: string, value: Buffer, expected: number): Promise<WriteResult> {
    this.beforeUpdate(key);
    return this.write(key, value, expected);
  }

  async delete(key: string, expected: number): Promise<WriteResult> {
    const current = this.data.get(key);
    const ok = current !== undefined && current.modRevision === expected;
    this.writes.push({ key, bytes: 0, ok });
    if (!ok) return { ok: false, current, revision: this.rev };
    this.data.delete(key);
    return { ok: true, revision: ++this.rev };
  }

  watch(): never {
    throw new Error('not used');
  }

  async currentRevision(): Promise<number> {
    return this.rev;
  }

  async compact(): Promise<void> {}

  async progressReliable(): Promise<boolean> {
    return true;
  }

  close(): void {}
}

/**
 * Per-cycle scratch space shared by the plugins scheduling one pod (framework.CycleState):
 * PreFilter/PreScore results keyed by plugin, and the plugins that asked to be skipped.
 */

/** Data a plugin keeps in the cycle state; `clone` must return an independent copy (preemption mutates clones). */
export interface StateData {
  clone(): StateData;
}

/** The cycle state of one scheduling attempt. Not shared between attempts. */
export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Filter plugins whose PreFilter returned Skip in this cycle. */
  skipFilterPlugins: ReadonlySet<string> = new Set();
  /** Score plugins whose PreScore returned Skip in this cycle. */
  skipScorePlugins: ReadonlySet<string> = new Set();

  /** The value stored under `key`, or undefined. */
  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** Stores `value` under `key`, replacing any previous value. */
  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  /** Removes the value under `key`. */
  delete(key: string): void {
    this.data.delete(key);
  }

  /** A deep copy: every value cloned; the skip sets are shared (they are never mutated). */
  clone(): CycleState {
    const copy = new CycleState();
    for (const [k, v] of this.data) copy.data.set(k, v.clone());
    copy.skipFilterPlugins = this.skipFilterPlugins;
    copy.skipScorePlugins = this.skipScorePlugins;
    return copy;
  }
}

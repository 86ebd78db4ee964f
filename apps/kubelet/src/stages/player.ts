import { ItemExponentialRateLimiter, objectKey, type DeepReadonly, type HasMetadata } from '@wheelhouse/client';
import type { Logger } from 'pino';
import { PRIORITY, type WeightedDelayingQueue } from '../queue/delaying-queue.js';
import type { CompiledStage } from './compile.js';
import type { Scope } from './expression-eval.js';

/**
 * What a {@link StagePlayer} needs from the component that owns the objects of kind `T`
 * (the mutable type; the host sees them read-only, as the informer cache holds them).
 */
export interface StageHost<T extends HasMetadata> {
  /** The current object of `key` as the component sees it (see {@link view}), or undefined once it is gone. */
  get(key: string): DeepReadonly<T> | undefined;
  /**
   * The object as the component sees it, when that is not the cached object: for pods, the
   * cached pod with the kubelet's own status changes the cache does not show yet.
   */
  view?(cached: DeepReadonly<T>): DeepReadonly<T>;
  /** The version plays are told apart by (default: the object's resourceVersion; a view has its own). */
  version?(obj: DeepReadonly<T>): string;
  /** The expression scope of an object at the current time (its variables and functions). */
  scope(obj: DeepReadonly<T>): Scope;
  /** True while the object's transitions are suspended (its node failed); it is resynced later. */
  suspended(obj: DeepReadonly<T>): boolean;
  /**
   * Carries out the stage's next step; resolves the resourceVersion the object has after it
   * (the one written, or the kubelet's own version of a pod whose status it changed), or
   * undefined if nothing changed.
   */
  play(obj: DeepReadonly<T>, stage: CompiledStage, scope: Scope): Promise<string | undefined>;
  /** Whether an error means the object is gone (no retry). */
  isGone(err: unknown): boolean;
}

/** Options of a {@link StagePlayer}. */
export interface StagePlayerOptions<T extends HasMetadata> {
  /** The stages of this player's kind, in order. */
  stages: readonly CompiledStage[];
  queue: WeightedDelayingQueue;
  host: StageHost<T>;
  /** Prefixes queue keys, e.g. "pod". */
  name: string;
  /** Returns a number in [0, 1): delays' jitter and the weighted pick. */
  random: () => number;
  logger: Logger;
  /** Retry delay after a failed play: `retryBaseMs` doubling to 30 s (default 500 ms). */
  retryBaseMs?: number;
}

interface Played {
  readonly stage: string;
  /** The version the stage was played on (see StageHost.version). */
  readonly from: string;
  /** The version the play made, if it made one. */
  readonly to: string | undefined;
}

/**
 * kwok's stage player: for each object it is shown, picks the stage whose selector matches
 * (several: at random by weight) and schedules that stage's next step on the shared queue
 * after the stage's delay. When the job runs it re-reads the object; if the stage no longer
 * matches it starts over from the current state. A stage is never played twice on one
 * resourceVersion, no stage follows on the version a write was played on (a stale cache), nor
 * is a stage played again on the version it wrote itself (a stage whose result still matches
 * its selector would loop). Failed plays retry with backoff.
 */
export class StagePlayer<T extends HasMetadata> {
  private readonly scheduled = new Map<string, string>();
  private readonly played = new Map<string, Played>();
  private readonly failures: ItemExponentialRateLimiter<string>;

  /** A player over `options.stages`. */
  constructor(private readonly o: StagePlayerOptions<T>) {
    this.failures = new ItemExponentialRateLimiter(o.retryBaseMs ?? 500, 30_000);
  }

  /** Matches `cached` (as the host views it) against the stages and schedules the next transition (keeps one already scheduled). */
  observe(cached: DeepReadonly<T>): void {
    const obj = this.o.host.view?.(cached) ?? cached;
    const key = objectKey(obj);
    if (this.o.host.suspended(obj)) return this.cancel(key);
    const scope = this.o.host.scope(obj);
    const stage = this.pick(obj, scope);
    if (!stage) return this.cancel(key);
    if (this.alreadyPlayed(key, obj, stage)) return;
    if (this.scheduled.get(key) === stage.name && this.o.queue.has(this.queueKey(key))) return;
    const delayMs = stage.delayMs(scope, this.o.random);
    this.o.logger.debug({ object: key, stage: stage.name, delayMs }, 'stage scheduled');
    this.schedule(key, stage, delayMs, PRIORITY.transition);
  }

  /** Forgets an object that is gone: its scheduled transition is dropped. */
  forget(key: string): void {
    this.cancel(key);
    this.played.delete(key);
    this.failures.forget(key);
  }

  /** Drops the scheduled transition of `key` (the object stays known). */
  cancel(key: string): void {
    this.scheduled.delete(key);
    this.o.queue.cancel(this.queueKey(key));
  }

  /** The name of the stage scheduled for `key`, if any. */
  scheduledStage(key: string): string | undefined {
    return this.scheduled.get(key);
  }

  private pick(obj: DeepReadonly<T>, scope: Scope): CompiledStage | undefined {
    const matching = this.o.stages.filter((s) => this.matches(s, scope, obj));
    if (matching.length <= 1) return matching[0];
    const total = matching.reduce((sum, s) => sum + s.weight, 0);
    if (total === 0) return matching[0];
    let r = this.o.random() * total;
    for (const s of matching) {
      r -= s.weight;
      if (r < 0) return s;
    }
    return matching[matching.length - 1];
  }

  /** A selector that fails to evaluate (a function throwing) counts as not matching, and is logged. */
  private matches(stage: CompiledStage, scope: Scope, obj: DeepReadonly<T>): boolean {
    try {
      return stage.matches(scope);
    } catch (err) {
      this.o.logger.warn({ err, object: objectKey(obj), stage: stage.name }, 'stage selector failed');
      return false;
    }
  }

  private alreadyPlayed(key: string, obj: DeepReadonly<T>, stage: CompiledStage): boolean {
    const last = this.played.get(key);
    if (!last) return false;
    const rv = this.version(obj);
    // After a write the cache may still show the version played on: play nothing on it. A play
    // that wrote nothing (an Event only) changed no version: only that stage is done with it.
    if (rv === last.from) return last.to !== undefined || stage.name === last.stage;
    if (rv === last.to && stage.name === last.stage) {
      this.o.logger.warn({ object: key, stage: stage.name }, 'stage matches its own result; not played again');
      return true;
    }
    return false;
  }

  private schedule(key: string, stage: CompiledStage, delayMs: number, priority: number): void {
    this.scheduled.set(key, stage.name);
    this.o.queue.schedule(this.queueKey(key), delayMs, priority, () => this.run(key, stage));
  }

  private async run(key: string, stage: CompiledStage): Promise<void> {
    this.scheduled.delete(key);
    const obj = this.o.host.get(key);
    if (!obj || this.o.host.suspended(obj)) return;
    const scope = this.o.host.scope(obj);
    if (!this.matches(stage, scope, obj) || this.alreadyPlayed(key, obj, stage)) return this.observe(obj);
    try {
      const to = await this.o.host.play(obj, stage, scope);
      this.o.logger.debug({ object: key, stage: stage.name, resourceVersion: to }, 'stage played');
      this.played.set(key, { stage: stage.name, from: this.version(obj), to });
      this.failures.forget(key);
      // A change the host keeps before the API server has it (a pod's status) shows at once:
      // the next stage goes on from it rather than from the write's echo.
      const next = this.o.host.get(key);
      if (next && this.version(next) !== this.version(obj)) this.observe(next);
    } catch (err) {
      this.retry(key, stage, err);
    }
  }

  private retry(key: string, stage: CompiledStage, err: unknown): void {
    if (this.o.host.isGone(err)) return this.forget(key);
    const delay = this.failures.when(key);
    this.o.logger.warn({ err, object: key, stage: stage.name, retryInMs: delay }, 'stage failed; retrying');
    this.schedule(key, stage, delay, PRIORITY.retry);
  }

  private version(obj: DeepReadonly<T>): string {
    return this.o.host.version?.(obj) ?? obj.metadata.resourceVersion ?? '';
  }

  private queueKey(key: string): string {
    return `${this.o.name}/${key}`;
  }
}

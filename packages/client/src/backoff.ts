import { type Clock, realClock, sleep } from './clock.js';
import { ClientError } from './errors.js';

/** Options of a {@link Backoff}. Defaults are the reflector's. */
export interface BackoffOptions {
  /** First delay in ms (default 1000). */
  initialMs?: number;
  /** Largest delay in ms, jitter included (default 30 000). */
  maxMs?: number;
  /** Growth per step (default 2). */
  factor?: number;
  /** Each delay d becomes d * (1 + jitter * random) before the cap (default 1, as client-go). */
  jitter?: number;
  /** After this long (ms) without a backoff the next one starts from `initialMs` again (default 120 000). */
  resetAfterMs?: number;
  /** Default: the real clock. */
  clock?: Clock;
  /** Returns a number in [0, 1); default Math.random. */
  random?: () => number;
}

function validate(o: Required<Omit<BackoffOptions, 'clock' | 'random'>>): void {
  const bad = (option: string, problem: string): never => {
    throw new ClientError('InvalidOption', { option, problem });
  };
  if (!(o.initialMs > 0)) bad('initialMs', 'must be > 0');
  if (!(o.maxMs >= o.initialMs)) bad('maxMs', 'must be >= initialMs');
  if (!(o.factor >= 1)) bad('factor', 'must be >= 1');
  if (!(o.jitter >= 0)) bad('jitter', 'must be >= 0');
  if (!(o.resetAfterMs >= 0)) bad('resetAfterMs', 'must be >= 0');
}

/**
 * Jittered exponential backoff (client-go's ExponentialBackoffManager as the reflector uses it,
 * from 1 s up to 30 s). Delays grow by `factor` per call; after a stable period of
 * `resetAfterMs` with no call, or on {@link reset}, they start over. Unlike client-go, the cap
 * applies after jitter, so no delay exceeds `maxMs`.
 */
export class Backoff {
  private readonly o: Required<Omit<BackoffOptions, 'clock' | 'random'>>;
  private readonly clock: Clock;
  private readonly random: () => number;
  private current: number;
  private lastAt: number | undefined;

  /** Throws InvalidOption on inconsistent options. */
  constructor(options: BackoffOptions = {}) {
    this.o = {
      initialMs: options.initialMs ?? 1_000,
      maxMs: options.maxMs ?? 30_000,
      factor: options.factor ?? 2,
      jitter: options.jitter ?? 1,
      resetAfterMs: options.resetAfterMs ?? 120_000,
    };
    validate(this.o);
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.current = this.o.initialMs;
  }

  /** Returns the next delay in ms and advances the sequence. */
  next(): number {
    const now = this.clock.now();
    if (this.lastAt !== undefined && now - this.lastAt > this.o.resetAfterMs) this.reset();
    this.lastAt = now;
    const base = this.current;
    this.current = Math.min(this.o.maxMs, base * this.o.factor);
    return Math.min(this.o.maxMs, base * (1 + this.o.jitter * this.random()));
  }

  /** Starts the sequence over from `initialMs` (call after a success that proved stable). */
  reset(): void {
    this.current = this.o.initialMs;
    this.lastAt = undefined;
  }

  /** Sleeps for {@link next} on the clock; rejects with the signal's reason if it aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    return sleep(this.clock, this.next(), signal);
  }
}

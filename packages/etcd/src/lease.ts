import type { Connection } from './connection.js';
import { sleep, type TimerHandle } from './clock.js';
import { EtcdError, toEtcdError } from './errors.js';
import type { GrpcStream } from './grpc-stream.js';
import { header, leaseWire, num } from './convert.js';
import type * as W from './messages.js';
import type { LeaseId, LeaseKeepAliveResult } from './types.js';

type Pending = {
  resolve: (r: W.LeaseKeepAliveResponse) => void;
  reject: (e: EtcdError) => void;
  timer: TimerHandle;
};

/**
 * One shared LeaseKeepAlive stream per client. Each renewal writes `{ID}` and waits
 * for the reply with that ID (replies for one ID come in order). A broken stream
 * fails the renewals in flight with a retryable error and is reopened on next use.
 */
export class KeepAliveStream {
  private stream: GrpcStream | undefined;
  private readonly waiting = new Map<string, Pending[]>();

  constructor(private readonly conn: Connection) {}

  /** Renews `id` once. Throws LeaseNotFound if the lease does not exist (TTL 0 reply); never retries. */
  async once(id: LeaseId): Promise<LeaseKeepAliveResult> {
    const wireId = leaseWire(id);
    const stream = await this.open();
    const clock = this.conn.clock;
    const resp = await new Promise<W.LeaseKeepAliveResponse>((resolve, reject) => {
      const p: Pending = {
        resolve,
        reject,
        // The renewal fails but stays queued: its reply still comes, in order, and must not go to the next renewal.
        timer: clock.setTimeout(() => reject(new EtcdError('DeadlineExceeded')), this.conn.settings.requestTimeoutMs),
      };
      const list = this.waiting.get(wireId);
      if (list) list.push(p);
      else this.waiting.set(wireId, [p]);
      stream.write({ ID: wireId });
    });
    if (num(resp.TTL) <= 0) throw new EtcdError('LeaseNotFound');
    return { header: header(resp.header), id: resp.ID, ttl: num(resp.TTL) };
  }

  /** Removes the oldest renewal waiting for `id`; drops the list once empty. */
  private take(id: string): Pending | undefined {
    const list = this.waiting.get(id);
    const p = list?.shift();
    if (list?.length === 0) this.waiting.delete(id);
    return p;
  }

  private async open(): Promise<GrpcStream> {
    if (this.stream) return this.stream;
    const stream = await this.conn.openStream('Lease', 'LeaseKeepAlive');
    // Another renewal may have opened one while this one waited for the connection.
    if (this.stream) {
      stream.cancel();
      return this.stream;
    }
    this.stream = stream;
    const clock = this.conn.clock;
    stream.on('data', (resp: W.LeaseKeepAliveResponse) => {
      const p = this.take(resp.ID);
      if (!p) return;
      clock.clearTimeout(p.timer);
      p.resolve(resp);
    });
    const broken = (err?: Error): void => {
      if (this.stream !== stream) return;
      this.stream = undefined;
      const e = err ? toEtcdError(err) : new EtcdError('Unavailable', 'lease keep-alive stream ended');
      this.failAll(e);
    };
    stream.on('error', broken);
    stream.on('end', () => broken());
    return stream;
  }

  /** Fails everything in flight (the connection cancels the call). */
  close(): void {
    this.stream = undefined;
    this.failAll(new EtcdError('ClientClosed'));
  }

  private failAll(err: EtcdError): void {
    const waiting = [...this.waiting.values()].flat();
    this.waiting.clear();
    for (const p of waiting) {
      this.conn.clock.clearTimeout(p.timer);
      p.reject(err);
    }
  }
}

/** Options of leaseKeepAlive(). */
export interface KeepAliveOptions {
  /** Called after each successful renewal. */
  onRenew?: (r: LeaseKeepAliveResult) => void;
}

/** A running keep-alive loop. */
export interface LeaseKeeper {
  /** The lease being kept alive. */
  readonly id: LeaseId;
  /**
   * Resolves (never rejects) with the reason when the lease is lost: `LeaseNotFound`
   * (expired or revoked), `Unavailable` (could not renew before it expired) or
   * `ClientClosed`. Resolves with undefined after stop().
   */
  readonly lost: Promise<EtcdError | undefined>;
  /** Stops renewing (the lease then expires by itself unless revoked). */
  stop(): void;
}

/**
 * Renews `id` right away and then every TTL/3 seconds over the shared stream.
 * Retryable failures are retried with backoff until the lease would have expired.
 */
export function keepAlive(
  hub: KeepAliveStream,
  conn: Connection,
  id: LeaseId,
  opts: KeepAliveOptions = {},
): LeaseKeeper {
  const clock = conn.clock;
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number): Promise<void> =>
    new Promise((r) => {
      const t = clock.setTimeout(r, ms);
      wake = () => {
        clock.clearTimeout(t);
        r();
      };
    });
  const run = async (): Promise<EtcdError | undefined> => {
    let expiresAt = Infinity;
    for (let attempt = 0; !stopped;) {
      try {
        const r = await hub.once(id);
        attempt = 0;
        expiresAt = clock.now() + r.ttl * 1000;
        opts.onRenew?.(r);
        await pause(Math.max(500, (r.ttl * 1000) / 3));
      } catch (e) {
        const err = conn.closed ? new EtcdError('ClientClosed') : toEtcdError(e);
        if (stopped) return undefined;
        if (!err.retryable && err.code !== 'DeadlineExceeded') return err;
        if (clock.now() >= expiresAt)
          return new EtcdError('Unavailable', `lease ${id} expired while etcd was unreachable`, { cause: err });
        await sleep(clock, conn.retryDelay(attempt++));
      }
    }
    return undefined;
  };
  const lost = run();
  return {
    id,
    lost,
    stop: () => {
      stopped = true;
      wake?.();
    },
  };
}

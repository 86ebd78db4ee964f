/**
 * kube-apiserver's etcd3 leaseManager: objects stored with a TTL (Events, by --event-ttl)
 * share leases instead of each granting its own. A lease is reused for `reuseSeconds` (kube's
 * --lease-reuse-duration-seconds, default 60) and for at most `maxObjects` attachments (kube's
 * 1000), and is granted for the TTL plus the reuse window, so every object lives at least its
 * TTL and at most TTL + reuse window.
 */

/** Options of a {@link LeaseManager}. */
export interface LeaseManagerOptions {
  /** Grants a lease of `ttlSeconds`; resolves its ID. */
  grant(ttlSeconds: number): Promise<string>;
  /** Milliseconds since the epoch. */
  now(): number;
  /** How long one lease is reused (seconds; default 60). */
  reuseSeconds?: number;
  /** Attachments per lease before a new one is granted (default 1000). */
  maxObjects?: number;
}

interface Granted {
  id: string;
  ttlSeconds: number;
  /** When the lease stops being handed out (ms). */
  reuseUntil: number;
  attached: number;
}

/** Hands out lease IDs for objects stored with a TTL, reusing leases as kube-apiserver does. */
export class LeaseManager {
  private readonly reuseMs: number;
  private readonly maxObjects: number;
  private current: Granted | undefined;
  private granting: Promise<Granted> | undefined;

  constructor(private readonly o: LeaseManagerOptions) {
    this.reuseMs = (o.reuseSeconds ?? 60) * 1000;
    this.maxObjects = o.maxObjects ?? 1000;
  }

  /** A lease that keeps an object for at least `ttlSeconds`; rejects when the store refuses the grant. */
  async leaseFor(ttlSeconds: number): Promise<string> {
    for (;;) {
      const c = this.current;
      if (c && c.ttlSeconds === ttlSeconds && this.o.now() < c.reuseUntil && c.attached < this.maxObjects) {
        c.attached++;
        return c.id;
      }
      // One grant at a time: concurrent writers wait for it rather than each granting.
      this.granting ??= this.grant(ttlSeconds).finally(() => (this.granting = undefined));
      this.current = await this.granting;
    }
  }

  private async grant(ttlSeconds: number): Promise<Granted> {
    const now = this.o.now();
    const id = await this.o.grant(ttlSeconds + this.reuseMs / 1000);
    return { id, ttlSeconds, reuseUntil: now + this.reuseMs, attached: 0 };
  }
}

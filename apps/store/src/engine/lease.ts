/**
 * Lease bookkeeping, as etcd's lessor: leases with their granted TTL (persisted in the
 * `lease` database, id -> TTL) and, in memory only, their deadline and attached keys.
 * Attached keys are rebuilt from the key index on open; deadlines restart from the full
 * granted TTL on open (as etcd does when a member becomes leader).
 */
import { randomBytes } from 'node:crypto';
import { StoreError } from '../errors.js';
import { readU64 } from './codec.js';
import type { KeyIndex, TreeIndex } from './key-index.js';
import type { LeaseHooks } from './mvcc.js';
import type { Database } from 'lmdb';

/** etcd's MaxLeaseTTL (seconds). */
export const MAX_LEASE_TTL = 9_000_000_000;

/**
 * etcd's minimum lease TTL with its default flags: ceil(3/2 * election timeout) seconds,
 * election timeout being 10 ticks of 100 ms; shorter TTLs are raised to it (etcd 3.4.23
 * answers TTL 2 to a grant of 0 or 1).
 */
export const MIN_LEASE_TTL = 2;

/** How often expired leases are looked for (etcd checks every 500 ms). */
export const EXPIRY_CHECK_MS = 500;

/** One lease. */
export class Lease {
  readonly keys = new Set<KeyIndex>();
  /** Set once a revoke has been started, so expiry does not revoke twice. */
  revoking: Promise<unknown> | null = null;

  constructor(
    readonly id: bigint,
    readonly ttl: number,
    /** Deadline, ms since the epoch. */
    public expiry: number,
  ) {}
}

/** The set of leases. */
export class Lessor implements LeaseHooks {
  readonly leases = new Map<bigint, Lease>();

  constructor(private readonly now: () => number) {}

  /** Loads persisted leases with fresh deadlines and attaches the keys that name them. */
  load(db: Database<Buffer, Buffer>, index: TreeIndex): void {
    const now = this.now();
    for (const { key, value } of db.getRange({})) {
      const id = key.readBigInt64BE(0);
      const ttl = readU64(value, 0);
      this.leases.set(id, new Lease(id, ttl, now + ttl * 1000));
    }
    index.scan('', '', (ki) => {
      if (ki.lease !== 0n && ki.live() !== undefined) this.leases.get(ki.lease)?.keys.add(ki);
      return true;
    });
  }

  exists(id: bigint): boolean {
    return this.leases.has(id);
  }

  attach(id: bigint, ki: KeyIndex): void {
    this.leases.get(id)?.keys.add(ki);
  }

  detach(id: bigint, ki: KeyIndex): void {
    this.leases.get(id)?.keys.delete(ki);
  }

  /** Creates a lease as etcd's lessor.Grant (id 0 = pick a random positive 63-bit id). */
  grant(ttl: number, id: bigint): Lease {
    if (ttl > MAX_LEASE_TTL) throw new StoreError('LeaseTTLTooLarge');
    if (id === 0n) id = this.newId();
    if (this.leases.has(id)) throw new StoreError('LeaseExist');
    const effective = Math.max(Number.isFinite(ttl) ? Math.trunc(ttl) : 0, MIN_LEASE_TTL);
    const lease = new Lease(id, effective, this.now() + effective * 1000);
    this.leases.set(id, lease);
    return lease;
  }

  /** The lease, or LeaseNotFound. */
  get(id: bigint): Lease {
    const l = this.leases.get(id);
    if (l === undefined) throw new StoreError('LeaseNotFound');
    return l;
  }

  /** True once the lease's deadline has passed. */
  expired(l: Lease): boolean {
    return l.expiry <= this.now();
  }

  /** Restarts the lease's TTL. */
  refresh(l: Lease): void {
    l.expiry = this.now() + l.ttl * 1000;
  }

  /** Whole seconds left, truncated as etcd's int64(Remaining().Seconds()), never below 0. */
  remaining(l: Lease): number {
    return Math.max(0, Math.trunc((l.expiry - this.now()) / 1000));
  }

  /** Leases whose deadline has passed and whose revoke has not started. */
  expiredLeases(): Lease[] {
    const now = this.now();
    const out: Lease[] = [];
    for (const l of this.leases.values()) if (l.expiry <= now && l.revoking === null) out.push(l);
    return out;
  }

  private newId(): bigint {
    for (;;) {
      const id = randomBytes(8).readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn;
      if (id !== 0n && !this.leases.has(id)) return id;
    }
  }
}

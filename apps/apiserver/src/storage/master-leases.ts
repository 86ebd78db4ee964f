/**
 * The store side of kube-apiserver's lease endpoint reconciler (pkg/controlplane/reconcilers/
 * lease.go; --endpoint-reconciler-type=lease, kube's default): every API server keeps the key
 * /registry/masterleases/<its address> alive with a TTL of 15 s (kube's
 * DefaultEndpointReconcilerTTL), written again at each round of the kubernetes service
 * controller (every 10 s); the `kubernetes` Endpoints list the addresses of every key alive.
 * So API servers that share a store are all listed, one that stops cleanly takes its key away
 * at once, and one that dies drops out when its key expires. The value is an Endpoints naming
 * the address, as kube stores it.
 */
import { StoreError } from '../errors.js';
import { prefixEnd, type KvStore } from './kv.js';

/** Where the master leases live in the store. */
export const MASTER_LEASES_PREFIX = '/registry/masterleases/';

/** kube's DefaultEndpointReconcilerTTL. */
export const MASTER_LEASE_TTL_SECONDS = 15;

/** A master lease's stored value: kube's Endpoints naming one API server's address. */
interface MasterLease {
  metadata?: { name?: string; generation?: number };
  subsets?: Array<{ addresses?: Array<{ ip?: string }> }>;
}

/** The API servers' master leases in one store. */
export class MasterLeases {
  constructor(
    private readonly kv: KvStore,
    private readonly ttlSeconds: number = MASTER_LEASE_TTL_SECONDS,
  ) {}

  /** Writes `ip`'s lease again with a fresh TTL (a new store lease: a key's TTL restarts only with one). */
  async update(ip: string): Promise<void> {
    const key = MASTER_LEASES_PREFIX + ip;
    const lease = this.kv.grantLease ? await this.kv.grantLease(this.ttlSeconds) : undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = (await this.kv.range({ key })).kvs[0];
      const generation = existing ? (parse(existing.value)?.metadata?.generation ?? 0) + 1 : 1;
      const value = Buffer.from(
        JSON.stringify({
          kind: 'Endpoints',
          apiVersion: 'v1',
          metadata: { name: ip, generation },
          subsets: [{ addresses: [{ ip }] }],
        }),
      );
      const res = existing
        ? await this.kv.update(key, value, existing.modRevision, lease)
        : await this.kv.create(key, value, lease);
      if (res.ok) return;
    }
    throw new StoreError('Failed', `the master lease of ${ip} kept changing underneath`);
  }

  /** The addresses of the leases alive, sorted (kube lists them in key order). */
  async list(): Promise<string[]> {
    const res = await this.kv.range({ key: MASTER_LEASES_PREFIX, end: prefixEnd(MASTER_LEASES_PREFIX) });
    const ips = res.kvs.map((kv) => parse(kv.value)?.subsets?.[0]?.addresses?.[0]?.ip).filter((ip) => ip !== undefined);
    return ips.sort();
  }

  /** Takes `ip`'s lease away (a clean stop). */
  async remove(ip: string): Promise<void> {
    const key = MASTER_LEASES_PREFIX + ip;
    const existing = (await this.kv.range({ key })).kvs[0];
    if (existing) await this.kv.delete(key, existing.modRevision);
  }
}

function parse(value: Buffer): MasterLease | undefined {
  try {
    return JSON.parse(value.toString('utf8')) as MasterLease;
  } catch {
    return undefined;
  }
}

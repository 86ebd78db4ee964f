import type { Lease } from '@wheelhouse/api';
import type { LeaseStore } from '@wheelhouse/client';
import { type StatusErrorFactory, type StatusErrorOptions, failure } from './status-error.js';

/** How a candidate's view of the store misbehaves. */
export type Fault = 'none' | 'fail' | 'hang';

/**
 * An in-memory Lease store with the API server's optimistic concurrency (a test helper):
 * every write bumps a global resourceVersion; create of an existing name is AlreadyExists, update with a stale resourceVersion is Conflict. `view(id)` gives a
 * candidate its own handle whose calls can be made to fail or hang, to simulate partitions.
 */
export class MemoryLeaseStore {
  private readonly leases = new Map<string, Lease>();
  private rv = 0;
  private readonly faults = new Map<string, Fault>();
  /** Every successful write, in order. */
  readonly writes: Lease[] = [];
  private readonly statusError: StatusErrorFactory;

  /** Errors are built by `statusError` (the client's `apiErrorFromStatus`). */
  constructor(options: StatusErrorOptions) {
    this.statusError = options.statusError;
  }

  /** The stored lease (a copy), if any. */
  peek(namespace: string, name: string): Lease | undefined {
    const l = this.leases.get(`${namespace}/${name}`);
    return l && structuredClone(l);
  }

  /** Makes `id`'s view fail, hang or behave. */
  setFault(id: string, fault: Fault): void {
    this.faults.set(id, fault);
  }

  /** A LeaseStore as seen by candidate `id`. */
  view(id: string): LeaseStore {
    return {
      get: (ns, name) => this.guard(id, async () => this.peek(ns, name)),
      create: (lease) => this.guard(id, async () => this.create(lease)),
      update: (lease) => this.guard(id, async () => this.update(lease)),
    };
  }

  private async guard<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const fault = this.faults.get(id) ?? 'none';
    if (fault === 'hang') return new Promise<T>(() => undefined);
    if (fault === 'fail') throw new Error(`connection refused (${id})`);
    return fn();
  }

  private create(lease: Lease): Lease {
    const key = `${lease.metadata?.namespace}/${lease.metadata?.name}`;
    if (this.leases.has(key))
      throw this.status('AlreadyExists', 409, `leases.coordination.k8s.io "${lease.metadata?.name}" already exists`);
    return this.store(key, lease);
  }

  private update(lease: Lease): Lease {
    const key = `${lease.metadata?.namespace}/${lease.metadata?.name}`;
    const current = this.leases.get(key);
    if (!current) throw this.status('NotFound', 404, `leases.coordination.k8s.io "${lease.metadata?.name}" not found`);
    if (current.metadata?.resourceVersion !== lease.metadata?.resourceVersion) {
      throw this.status(
        'Conflict',
        409,
        'Operation cannot be fulfilled on leases.coordination.k8s.io: the object has been modified',
      );
    }
    return this.store(key, lease);
  }

  private status(reason: string, code: number, message: string): Error {
    return this.statusError(failure(reason, code, message));
  }

  private store(key: string, lease: Lease): Lease {
    const stored = structuredClone({ ...lease, metadata: { ...lease.metadata, resourceVersion: String(++this.rv) } });
    this.leases.set(key, stored);
    this.writes.push(structuredClone(stored));
    return structuredClone(stored);
  }
}

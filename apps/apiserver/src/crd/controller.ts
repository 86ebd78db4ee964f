/**
 * The CRD controller, as apiextensions-apiserver runs its own inside the server: it watches
 * CustomResourceDefinitions in the watch cache and, for each one,
 * - decides its accepted names (NamesAccepted, or a conflict as kube reports it) and sets
 *   Established once they are accepted, then serves its served versions from the live
 *   registry (discovery and OpenAPI follow);
 * - once it is marked for deletion (see registry/kinds/customresourcedefinitions.ts), deletes
 *   its custom resources, removes the cleanup finalizer, deletes it and stops serving it.
 * One CRD is reconciled at a time; a failure is logged and retried after a second.
 */
import type { ApiObject, DeleteOptions } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import { ApiError } from '../errors.js';
import type { LiveRegistry } from '../registry/live-registry.js';
import { setCondition } from '../registry/kinds/customresourcedefinitions.js';
import type { ResourceDef } from '../registry/registry.js';
import type { ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import { customResourceDefinitions, type CustomResourceSchemas } from './definitions.js';
import { acceptNames } from './names.js';
import { conditionOf, CRD_CLEANUP_FINALIZER, type Crd } from './types.js';

/** What the controller works with. */
export interface CrdControllerDeps {
  /** The CRD resource (apiextensions.k8s.io/v1 customresourcedefinitions). */
  crdDef: ResourceDef;
  storage: ObjectStorage;
  cache: WatchCache;
  registry: LiveRegistry;
  log: Logger;
  now: () => number;
  schemas: CustomResourceSchemas;
  /** A DELETE of one object with the generic rules (finalizers honoured). */
  deleteObject(def: ResourceDef, namespace: string | undefined, name: string, opts: DeleteOptions): Promise<unknown>;
}

const RETRY_MS = 1000;
const CACHE_WAIT_MS = 3000;

/** See the module comment. `start()` after the watch cache has started; `stop()` at the end. */
export class CrdController {
  private readonly pending = new Set<string>();
  private readonly terminating = new Set<string>();
  private running = false;
  private stopped = false;
  private cancel: () => void = () => undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log: Logger;

  constructor(private readonly d: CrdControllerDeps) {
    this.log = d.log.child({ module: 'crd-controller' });
  }

  /** Serves the CRDs stored now (before it resolves), then follows changes. */
  async start(): Promise<void> {
    const names = this.subscribe();
    for (const name of names) await this.reconcile(name).catch((err: unknown) => this.retry(name, err));
  }

  private subscribe(): string[] {
    const snap = this.d.cache.snapshot(this.d.crdDef);
    const sub = this.d.cache.subscribe(
      this.d.crdDef,
      snap.revision,
      (e) => this.enqueue(e.obj.metadata.name ?? ''),
      () => !this.stopped && this.resubscribe(),
    );
    this.cancel = sub.cancel;
    return snap.items.map((i) => i.obj.metadata.name ?? '');
  }

  private resubscribe(): void {
    for (const name of this.subscribe()) this.enqueue(name);
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
    for (const t of this.timers) clearTimeout(t);
  }

  /** True while `def` belongs to a CRD being deleted (creates of its objects are refused). */
  isTerminating(def: ResourceDef): boolean {
    return def.crd !== undefined && this.terminating.has(def.crd);
  }

  private enqueue(name: string): void {
    if (this.stopped) return;
    this.pending.add(name);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending.size && !this.stopped) {
      const name = this.pending.values().next().value!;
      this.pending.delete(name);
      await this.reconcile(name).catch((err: unknown) => this.retry(name, err));
    }
    this.running = false;
  }

  private retry(name: string, err: unknown): void {
    this.log.warn({ crd: name, err }, 'reconciling a CRD failed; retrying');
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue(name);
    }, RETRY_MS);
    this.timers.add(t);
  }

  private async read(name: string): Promise<Crd | undefined> {
    try {
      return (await this.d.storage.get(this.d.crdDef, undefined, name)) as Crd;
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'NotFound') return undefined;
      throw err;
    }
  }

  private async reconcile(name: string): Promise<void> {
    const crd = await this.read(name);
    if (!crd) {
      this.terminating.delete(name);
      this.d.registry.remove(name);
      return;
    }
    if (crd.metadata.deletionTimestamp) return this.finalize(crd);
    const named = await this.establish(crd);
    if (conditionOf(named, 'Established')?.status === 'True') this.serve(named);
  }

  private serve(crd: Crd): void {
    const defs = customResourceDefinitions(crd, this.d.schemas);
    for (const def of defs) def.crd = crd.metadata.name;
    try {
      this.d.registry.set(crd.metadata.name!, defs);
    } catch (err) {
      this.log.warn({ crd: crd.metadata.name, err: (err as Error).message }, 'cannot serve CRD');
    }
  }

  /** Writes accepted names, NamesAccepted and Established when they change; returns the CRD as stored. */
  private async establish(crd: Crd): Promise<Crd> {
    const all = this.d.cache.snapshot(this.d.crdDef).items.map((i) => i.obj as Crd);
    const { names, condition } = acceptNames(crd, all);
    const now = formatTime(this.d.now());
    const next = structuredClone(crd);
    next.status = { ...next.status, acceptedNames: names };
    setCondition(next, { ...condition, lastTransitionTime: now });
    const established = conditionOf(crd, 'Established');
    if (condition.status === 'True' && established?.status !== 'True')
      setCondition(next, {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: now,
      });
    else if (!established)
      setCondition(next, {
        type: 'Established',
        status: 'False',
        reason: 'NotAccepted',
        message: 'not all names are accepted',
        lastTransitionTime: now,
      });
    if (JSON.stringify(next.status) === JSON.stringify(crd.status)) return crd;
    return (await this.d.storage.update(this.d.crdDef, undefined, crd.metadata.name!, (current) => {
      if (current.metadata.uid !== crd.metadata.uid) return current;
      return { ...current, status: next.status } as ApiObject;
    })) as Crd;
  }

  /** Deletes the custom resources of a CRD being deleted; once none is left, lets the CRD go. */
  private async finalize(crd: Crd): Promise<void> {
    const name = crd.metadata.name!;
    this.terminating.add(name);
    if (!(crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) {
      if (!crd.metadata.finalizers?.length) await this.d.storage.delete(this.d.crdDef, crd).catch(() => undefined);
      return;
    }
    if (!this.d.registry.resources().some((r) => r.crd === name)) this.serve(crd);
    const left = await this.deleteInstances(crd);
    if (left > 0) return this.retry(name, new Error(`${left} custom resources are still being deleted`));
    const done = await this.d.storage.update(this.d.crdDef, undefined, name, (current) => {
      const next = structuredClone(current) as Crd;
      next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
      setCondition(next, {
        type: 'Terminating',
        status: 'False',
        reason: 'InstanceDeletionCompleted',
        message: 'removed all instances',
        lastTransitionTime: formatTime(this.d.now()),
      });
      return next as ApiObject;
    });
    if (!done.metadata.finalizers?.length) await this.d.storage.delete(this.d.crdDef, done).catch(() => undefined);
    this.d.registry.remove(name);
    this.terminating.delete(name);
  }

  /** Deletes every stored custom resource of the CRD; resolves to how many are still there (finalizers). */
  private async deleteInstances(crd: Crd): Promise<number> {
    const def = this.d.registry.resources().find((r) => r.crd === crd.metadata.name);
    if (!def) return 0;
    // Every object written before the deletion began is in the cache once it has caught up.
    await this.d.cache.waitFor(await this.d.storage.currentRevision(), CACHE_WAIT_MS);
    const { items } = this.d.cache.snapshot(def);
    let left = 0;
    for (const { obj } of items) {
      const { namespace, name } = obj.metadata;
      try {
        const out = (await this.d.deleteObject(def, namespace, name!, {})) as ApiObject;
        if (out.metadata.deletionTimestamp && out.metadata.finalizers?.length) left++;
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'NotFound')) throw err;
      }
    }
    return left;
  }
}

/**
 * The CRD controller, as apiextensions-apiserver runs its own inside the server: it watches
 * CustomResourceDefinitions in the watch cache and, for each one,
 * - decides its accepted names (NamesAccepted, or a conflict as kube reports it) and sets
 *   Established once they are accepted, then serves its served versions from the live
 *   registry (discovery and OpenAPI follow); a CRD that goes away or changes its accepted
 *   names requeues the other CRDs of its group (a name it held may now be free);
 * - once it is marked for deletion (see registry/kinds/customresourcedefinitions.ts), deletes
 *   its custom resources (Terminating InstanceDeletionInProgress), waits for the cache to
 *   report them gone, removes the cleanup finalizer and stops serving it.
 * Status writes carry managedFields as kube-apiserver's own (`kube-apiserver`, /status).
 * One CRD is reconciled at a time; a failure is logged and retried with exponential backoff.
 */
import type { CustomResourceDefinitionCondition } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import { ApiError } from '../errors.js';
import type { HandlerContext } from '../handlers/context.js';
import { deleteOne, finalizeIfDone } from '../handlers/deletion.js';
import { recordUpdate } from '../handlers/managed-fields.js';
import type { LiveRegistry } from '../registry/live-registry.js';
import { setCondition } from '../registry/kinds/customresourcedefinitions.js';
import type { ResourceDef } from '../registry/registry.js';
import { customResourceDefinitions, type CustomResourceSchemas } from './definitions.js';
import { acceptNames } from './names.js';
import { conditionOf, CRD_CLEANUP_FINALIZER, type Crd } from './types.js';

/** What the controller works with. */
export interface CrdControllerDeps {
  /** The CRD resource (apiextensions.k8s.io/v1 customresourcedefinitions). */
  crdDef: ResourceDef;
  /** Storage, watch cache, clock, hooks and log, as the handlers use them (deletes go through deleteOne). */
  ctx: HandlerContext;
  registry: LiveRegistry;
  schemas: CustomResourceSchemas;
}

/** The manager kube-apiserver's own controllers write CRD status as. */
const MANAGER = 'kube-apiserver';
const RETRY_MS = 1000;
const MAX_RETRY_MS = 5 * 60_000;
const CACHE_WAIT_MS = 3000;

/** The group of a CRD named `<plural>.<group>`. */
function groupOfName(name: string): string {
  return name.slice(name.indexOf('.') + 1);
}

/** See the module comment. `start()` after the watch cache has started; `stop()` at the end. */
export class CrdController {
  private readonly pending = new Set<string>();
  private readonly terminating = new Set<string>();
  private readonly failures = new Map<string, number>();
  /** Per terminating CRD: the subscription to its custom resources' events while some are left. */
  private readonly instanceWatches = new Map<string, () => void>();
  private drained: Promise<void> = Promise.resolve();
  private running = false;
  private stopped = false;
  private cancel: () => void = () => undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log: Logger;

  constructor(private readonly d: CrdControllerDeps) {
    this.log = d.ctx.log.child({ module: 'crd-controller' });
  }

  /** Serves the CRDs stored now (before it resolves), then follows changes. */
  async start(): Promise<void> {
    for (const name of this.subscribe()) this.enqueue(name);
    await this.drained;
  }

  private subscribe(): string[] {
    const snap = this.d.ctx.cache.snapshot(this.d.crdDef);
    const sub = this.d.ctx.cache.subscribe(
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
    for (const cancel of this.instanceWatches.values()) cancel();
    for (const t of this.timers) clearTimeout(t);
  }

  /** True while `def` belongs to a CRD being deleted (creates of its objects are refused). */
  isTerminating(def: ResourceDef): boolean {
    return def.crd !== undefined && this.terminating.has(def.crd);
  }

  private enqueue(name: string): void {
    if (this.stopped) return;
    this.pending.add(name);
    if (!this.running) this.drained = this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending.size && !this.stopped) {
      const name = this.pending.values().next().value!;
      this.pending.delete(name);
      try {
        await this.reconcile(name);
        this.failures.delete(name);
      } catch (err) {
        this.retry(name, err);
      }
    }
    this.running = false;
  }

  /** Requeues `name` after 1 s, doubling with each consecutive failure up to 5 min. */
  private retry(name: string, err: unknown): void {
    const failures = this.failures.get(name) ?? 0;
    this.failures.set(name, failures + 1);
    const delay = Math.min(RETRY_MS * 2 ** failures, MAX_RETRY_MS);
    this.log.warn({ crd: name, err, retryInMs: delay }, 'reconciling a CRD failed; retrying');
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.enqueue(name);
    }, delay);
    this.timers.add(t);
  }

  /** Enqueues every other cached CRD of the group of `name`: names it held may be free now. */
  private requeueGroup(name: string): void {
    const group = groupOfName(name);
    for (const { obj } of this.d.ctx.cache.snapshot(this.d.crdDef).items) {
      const other = obj as Crd;
      if (other.metadata.name !== name && other.spec?.group === group) this.enqueue(other.metadata.name!);
    }
  }

  private async read(name: string): Promise<Crd | undefined> {
    try {
      return (await this.d.ctx.storage.get(this.d.crdDef, undefined, name)) as Crd;
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'NotFound') return undefined;
      throw err;
    }
  }

  private async reconcile(name: string): Promise<void> {
    const crd = await this.read(name);
    if (!crd) {
      this.forget(name);
      this.requeueGroup(name);
      return;
    }
    if (crd.metadata.deletionTimestamp) return this.finalize(crd);
    const named = await this.establish(crd);
    if (conditionOf(named, 'Established')?.status === 'True') this.serve(named);
  }

  private forget(name: string): void {
    this.terminating.delete(name);
    this.instanceWatches.get(name)?.();
    this.instanceWatches.delete(name);
    this.d.registry.remove(name);
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

  /**
   * Writes `crd`'s status as `change` makes it (on the stored object, unless it was replaced
   * by another CRD of the same name), with managedFields; returns the CRD as stored.
   */
  private async writeStatus(crd: Crd, change: (next: Crd) => void): Promise<Crd> {
    const { ctx, crdDef } = this.d;
    const out = await ctx.storage.update(crdDef, undefined, crd.metadata.name!, (current) => {
      if (current.metadata.uid !== crd.metadata.uid) return current;
      const next = structuredClone(current) as Crd;
      change(next);
      recordUpdate(crdDef, current, next, MANAGER, 'status', ctx.now());
      return next;
    });
    return (await finalizeIfDone(ctx, crdDef, out)) as Crd;
  }

  private condition(
    type: string,
    c: Pick<CustomResourceDefinitionCondition, 'status' | 'reason' | 'message'>,
  ): CustomResourceDefinitionCondition {
    return { type, ...c, lastTransitionTime: formatTime(this.d.ctx.now()) };
  }

  /** Writes accepted names, NamesAccepted and Established when they change; returns the CRD as stored. */
  private async establish(crd: Crd): Promise<Crd> {
    const all = this.d.ctx.cache.snapshot(this.d.crdDef).items.map((i) => i.obj as Crd);
    const { names, condition } = acceptNames(crd, all);
    const next = structuredClone(crd);
    next.status = { ...next.status, acceptedNames: names };
    setCondition(next, this.condition(condition.type!, condition));
    const established = conditionOf(crd, 'Established');
    if (condition.status === 'True' && established?.status !== 'True')
      setCondition(
        next,
        this.condition('Established', {
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
        }),
      );
    else if (!established)
      setCondition(
        next,
        this.condition('Established', {
          status: 'False',
          reason: 'NotAccepted',
          message: 'not all names are accepted',
        }),
      );
    if (JSON.stringify(next.status) === JSON.stringify(crd.status)) return crd;
    const stored = await this.writeStatus(crd, (n) => (n.status = next.status));
    if (JSON.stringify(names) !== JSON.stringify(crd.status?.acceptedNames)) this.requeueGroup(crd.metadata.name!);
    return stored;
  }

  /**
   * A CRD being deleted: Terminating InstanceDeletionInProgress, then (if it was ever
   * established) deletes its custom resources; once none is left, InstanceDeletionCompleted
   * (or NeverEstablished) and the finalizer goes, which lets the CRD go.
   */
  private async finalize(crd: Crd): Promise<void> {
    const name = crd.metadata.name!;
    this.terminating.add(name);
    if (!(crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) {
      await finalizeIfDone(this.d.ctx, this.d.crdDef, crd);
      return;
    }
    const inProgress = { status: 'True', reason: 'InstanceDeletionInProgress' };
    if (conditionOf(crd, 'Terminating')?.reason !== inProgress.reason)
      crd = await this.writeStatus(crd, (n) =>
        setCondition(
          n,
          this.condition('Terminating', { ...inProgress, message: 'CustomResource deletion is in progress' }),
        ),
      );
    let done = this.condition('Terminating', {
      status: 'False',
      reason: 'NeverEstablished',
      message: 'resource was never established',
    });
    if (conditionOf(crd, 'Established')?.status === 'True') {
      if (await this.instancesLeft(crd)) return;
      done = this.condition('Terminating', {
        status: 'False',
        reason: 'InstanceDeletionCompleted',
        message: 'removed all instances',
      });
    }
    await this.writeStatus(crd, (n) => {
      n.metadata.finalizers = (n.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
      setCondition(n, done);
    });
    this.forget(name);
  }

  /**
   * Deletes every stored custom resource of the CRD (serving it again first, as a server
   * started on a store where it was already terminating). True while some are still there
   * (finalizers): their deletion then requeues the CRD.
   */
  private async instancesLeft(crd: Crd): Promise<boolean> {
    const name = crd.metadata.name!;
    if (!this.d.registry.resources().some((r) => r.crd === name)) this.serve(crd);
    const def = this.d.registry.resources().find((r) => r.crd === name);
    if (!def) return false;
    const { cache } = this.d.ctx;
    // Every object written before the deletion began is in the cache once it has caught up.
    await cache.waitFor(await this.d.ctx.storage.currentRevision(), CACHE_WAIT_MS);
    const snap = cache.snapshot(def);
    let left = 0;
    for (const { obj } of snap.items) {
      const { namespace, name: objName } = obj.metadata;
      try {
        const out = await deleteOne(this.d.ctx, def, namespace, objName!, {}, false);
        if (out.metadata.deletionTimestamp && out.metadata.finalizers?.length) left++;
      } catch (err) {
        if (!(err instanceof ApiError && err.reason === 'NotFound')) throw err;
      }
    }
    if (left > 0 && !this.instanceWatches.has(name)) this.watchInstances(name, def, snap.revision);
    return left > 0;
  }

  /** Requeues the CRD `name` whenever one of its custom resources is deleted. */
  private watchInstances(name: string, def: ResourceDef, fromRv: number): void {
    const sub = this.d.ctx.cache.subscribe(
      def,
      fromRv,
      (e) => e.type === 'DELETED' && this.enqueue(name),
      () => {
        this.instanceWatches.delete(name);
        this.enqueue(name);
      },
    );
    this.instanceWatches.set(name, sub.cancel);
    if (sub.backlog.some((e) => e.type === 'DELETED')) this.enqueue(name);
  }
}

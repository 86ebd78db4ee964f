import { describe, expect, it } from 'vitest';
import { apiVersionOf, type ApiObject, type ManagedFieldsEntry } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';
import { seededRandom } from '@wheelhouse/testing';
import { fieldSetOf, fromFieldsV1, isStatusPath, toFieldsV1, valueAt, type FieldSet } from './field-sets.js';
import { recordUpdate } from './managed-fields.js';
import { decodesAsManagedFields } from './managed-fields-decode.js';
import { isRecord, jsonEqual } from '../object.js';
import { resourceDef, type ResourceDef } from '../registry/registry.js';

// The reference: recordUpdate as it was before it walked objects and FieldsV1 trees directly,
// resolving every path of fieldSetOf(next) with valueAt. The real one must record the same.

function referenceWritten(def: ResourceDef, current: ApiObject, next: ApiObject, subresource?: string): FieldSet {
  const out: FieldSet = new Set();
  for (const p of fieldSetOf(next, def.kind)) {
    if (def.status && isStatusPath(p) !== (subresource === 'status')) continue;
    if (!jsonEqual(valueAt(current, p), valueAt(next, p))) out.add(p);
  }
  return out;
}

function referencePrune(e: ManagedFieldsEntry, taken: FieldSet, next: ApiObject): ManagedFieldsEntry | undefined {
  const set = fromFieldsV1(e.fieldsV1);
  let changed = false;
  for (const p of set) {
    if (taken.has(p) || valueAt(next, p) === undefined) {
      set.delete(p);
      changed = true;
    }
  }
  if (set.size === 0) return undefined;
  return changed ? { ...e, fieldsV1: toFieldsV1(set) } : e;
}

/** kube's decodeManagedFields: the live entries on a subresource or when none are sent, none on a reset, else those sent if they decode. */
function referenceBase(current: ApiObject, next: ApiObject, subresource: string | undefined): ManagedFieldsEntry[] {
  const live = current.metadata.managedFields ?? [];
  const given = next.metadata.managedFields;
  if (subresource !== undefined || given === undefined) return live;
  if (given.length === 0 || (given.length === 1 && JSON.stringify(given[0]) === '{}')) return [];
  if (JSON.stringify(given) === JSON.stringify(live)) return live;
  return decodesAsManagedFields(given) ? given : live;
}

function referenceRecordUpdate(
  def: ResourceDef,
  current: ApiObject,
  next: ApiObject,
  manager: string,
  subresource: string | undefined,
  now: number,
): void {
  const previous = referenceBase(current, next, subresource);
  const written = referenceWritten(def, current, next, subresource);
  if (written.size === 0) {
    const kept = previous.filter((e) => fromFieldsV1(e.fieldsV1).size > 0);
    if (kept.length) next.metadata.managedFields = kept;
    else delete next.metadata.managedFields;
    return;
  }
  const mine = previous.find(
    (e) => e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? ''),
  );
  const owned = fromFieldsV1(mine?.fieldsV1);
  for (const p of written) owned.add(p);
  const others = previous
    .filter((e) => e !== mine)
    .map((e) => referencePrune(e, written, next))
    .filter((e): e is ManagedFieldsEntry => e !== undefined);
  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Update',
    apiVersion: apiVersionOf(def),
    time: formatTime(now),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(owned),
  };
  if (subresource) entry.subresource = subresource;
  next.metadata.managedFields = [...others, entry];
}

type Json = Record<string, unknown>;

/** Draws random objects of a few kinds from small domains, so values, keys and paths often coincide. */
class Gen {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }
  /** Some of `xs` in random order, now and then one twice. */
  some<T>(xs: readonly T[]): T[] {
    const out = xs.filter(() => this.chance(0.5));
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    if (out.length > 0 && this.chance(0.08)) out.splice(Math.floor(this.random() * out.length), 0, this.pick(out));
    return out;
  }
  map(keys: readonly string[], values: readonly unknown[]): Json {
    return Object.fromEntries(this.some(keys).map((k) => [k, this.pick(values)]));
  }
  /** A field of `obj` set to a draw, or left out. */
  maybe(obj: Json, key: string, draw: () => unknown, p = 0.7): void {
    if (this.chance(p)) obj[key] = draw();
  }

  metadata(): Json {
    const m: Json = {
      name: 'o',
      namespace: 'default',
      uid: 'u1',
      resourceVersion: String(Math.floor(this.random() * 9)),
    };
    this.maybe(m, 'labels', () => this.map(['app', 'tier', 'constructor', 'x.io/y'], ['web', 'db', '']));
    this.maybe(m, 'annotations', () => this.map(['a', 'b'], ['1', '2', '{"j":1}']), 0.5);
    this.maybe(m, 'finalizers', () => this.some(['a/x', 'b/y', 'c/z', 'kubernetes']), 0.5);
    this.maybe(m, 'ownerReferences', () => this.some(['rs1', 'rs2']).map((uid) => this.ownerRef(uid)), 0.4);
    return m;
  }
  ownerRef(uid: string): Json {
    const r: Json = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid };
    this.maybe(r, 'controller', () => this.chance(0.5), 0.5);
    return r;
  }
  container(name: string): Json {
    const c: Json = { name, image: this.pick(['nginx', 'nginx:2', 'busybox']) };
    this.maybe(c, 'ports', () =>
      this.some([80, 443, 8080]).map((p) => ({ containerPort: p, protocol: this.pick(['TCP', 'UDP']) })),
    );
    this.maybe(c, 'env', () => this.some(['A', 'B', 'C']).map((n) => ({ name: n, value: this.pick(['1', '2']) })));
    this.maybe(c, 'args', () => this.some(['-v', '-q']), 0.3);
    this.maybe(c, 'resources', () => (this.chance(0.5) ? {} : { requests: this.map(['cpu', 'memory'], ['1', '2']) }));
    return c;
  }
  condition(type: string): Json {
    const c: Json = { type, status: this.pick(['True', 'False']) };
    this.maybe(c, 'lastTransitionTime', () => this.pick(['2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z']));
    this.maybe(c, 'lastProbeTime', () => null, 0.3);
    this.maybe(c, 'reason', () => this.pick(['A', 'B']), 0.3);
    return c;
  }
  containerStatus(name: string): Json {
    return {
      name,
      ready: this.chance(0.5),
      restartCount: Math.floor(this.random() * 2),
      state: this.chance(0.5) ? { running: { startedAt: 't' } } : { waiting: { reason: 'ContainerCreating' } },
      lastState: {},
    };
  }
  podSpec(): Json {
    const s: Json = { containers: this.some(['app', 'side', 'init']).map((n) => this.container(n)) };
    this.maybe(s, 'tolerations', () => this.some(['k1', 'k2']).map((key) => ({ key, operator: 'Exists' })), 0.5);
    this.maybe(s, 'nodeName', () => this.pick(['n1', 'n2']), 0.5);
    this.maybe(s, 'nodeSelector', () => this.map(['zone'], ['a', 'b']), 0.4);
    return s;
  }
  podStatus(): Json {
    const s: Json = { phase: this.pick(['Pending', 'Running']) };
    this.maybe(s, 'conditions', () =>
      this.some(['Ready', 'Initialized', 'PodScheduled', 'ContainersReady']).map((t) => this.condition(t)),
    );
    this.maybe(s, 'containerStatuses', () => this.some(['app', 'side']).map((n) => this.containerStatus(n)));
    this.maybe(s, 'podIPs', () => this.some(['10.0.0.1', '10.0.0.2']).map((ip) => ({ ip })), 0.5);
    this.maybe(s, 'hostIP', () => this.pick(['1.1.1.1', '1.1.1.2']), 0.5);
    return s;
  }

  object(kind: string): ApiObject {
    const o: Json = { apiVersion: 'v1', kind, metadata: this.metadata() };
    if (kind === 'Pod') {
      o.spec = this.podSpec();
      this.maybe(o, 'status', () => this.podStatus(), 0.8);
    } else if (kind === 'Deployment') {
      o.apiVersion = 'apps/v1';
      o.spec = { replicas: this.pick([1, 2]), template: { metadata: this.metadata(), spec: this.podSpec() } };
      this.maybe(o, 'status', () => ({
        replicas: this.pick([1, 2]),
        conditions: this.some(['Available']).map((t) => this.condition(t)),
      }));
    } else if (kind === 'Node') {
      o.spec = {};
      this.maybe(o.spec as Json, 'podCIDRs', () => this.some(['10.1.0.0/24', '10.2.0.0/24']));
      this.maybe(o.spec as Json, 'taints', () => this.some(['t1', 't2']).map((key) => ({ key, effect: 'NoSchedule' })));
      o.status = {
        conditions: this.some(['Ready', 'MemoryPressure']).map((t) => this.condition(t)),
        addresses: this.some(['InternalIP', 'Hostname']).map((type) => ({ type, address: this.pick(['a', 'b']) })),
      };
    } else {
      this.maybe(o, 'data', () => this.map(['k1', 'k2', 'k3'], ['v1', 'v2', '']));
      this.maybe(o, 'nested', () => ({ list: this.some([1, 2, 3]), deep: { x: this.pick([1, {}, [], null]) } }));
    }
    return o as ApiObject;
  }

  /** `obj` with a few random changes: fields dropped, redrawn from `other`, lists reordered, odd values. */
  mutate(obj: ApiObject, other: ApiObject): ApiObject {
    const out = structuredClone(obj) as Json;
    const rounds = 1 + Math.floor(this.random() * 6);
    for (let i = 0; i < rounds; i++) this.change(out, other as Json, 0);
    return out as ApiObject;
  }
  private change(node: Json, other: unknown, depth: number): void {
    const keys = Object.keys(node).filter(
      (k) => k !== 'managedFields' && (depth > 0 || (k !== 'apiVersion' && k !== 'kind') || this.chance(0.05)),
    );
    if (keys.length === 0) return;
    const k = this.pick(keys);
    const v = node[k];
    const o = isRecord(other) && Object.hasOwn(other, k) ? other[k] : undefined;
    const roll = depth === 0 && k === 'metadata' ? 0 : this.random();
    if (roll < 0.35 && v !== null && typeof v === 'object') {
      if (Array.isArray(v)) this.changeList(v, Array.isArray(o) ? o : []);
      else this.change(v as Json, o, depth + 1);
    } else if (roll < 0.55) delete node[k];
    else if (roll < 0.85 && o !== undefined) node[k] = structuredClone(o);
    else if (roll < 0.92) node[k] = this.pick([null, 'x', 1, {}, [], [{ name: 'app' }], { name: 'app' }]);
    else if (Array.isArray(v)) {
      const item = v.find(isRecord);
      // A list element without its merge key: the reference throws on it, so must the real one.
      if (item) delete item[this.pick(['name', 'type', 'containerPort', 'ip', 'uid'])];
    }
  }
  private changeList(list: unknown[], other: unknown[]): void {
    const roll = this.random();
    if (roll < 0.3) list.reverse();
    else if (roll < 0.5 && other.length > 0) list.push(structuredClone(this.pick(other)));
    else if (roll < 0.7 && list.length > 0) list.splice(Math.floor(this.random() * list.length), 1);
    else if (list.length > 0) {
      const i = Math.floor(this.random() * list.length);
      const item = list[i];
      if (isRecord(item)) this.change(item, other[i], 1);
      else list[i] = this.pick(['a/x', 'new/one', 7]);
    }
  }

  /** managedFields as several managers may have left them: Updates (recorded by the reference) and Applies. */
  managedFields(def: ResourceDef, current: ApiObject): ManagedFieldsEntry[] {
    let obj = structuredClone(current);
    delete obj.metadata.managedFields;
    const steps = 1 + Math.floor(this.random() * 5);
    for (let i = 0; i < steps; i++) {
      const next = this.mutate(this.chance(0.8) ? obj : this.object(def.kind), current);
      delete next.metadata.managedFields;
      const sub = def.status ? this.pick([undefined, 'status']) : undefined;
      tryTo(() => referenceRecordUpdate(def, obj, next, this.pick(MANAGERS), sub, i * 1000));
      obj = next;
    }
    const entries = [...(obj.metadata.managedFields ?? [])];
    const applies = Math.floor(this.random() * 3);
    for (let i = 0; i < applies; i++)
      entries.splice(Math.floor(this.random() * (entries.length + 1)), 0, this.apply(def));
    return entries.map((e) =>
      this.chance(0.15) ? { ...e, fieldsV1: this.odd(structuredClone(e.fieldsV1 ?? {})) } : e,
    );
  }
  /** `fields` with something the server would not write: a value where a leaf belongs, a record with no leaf below. */
  private odd(fields: Json): Json {
    let node = fields;
    for (;;) {
      const inner = Object.values(node).filter((v): v is Json => isRecord(v) && Object.keys(v).length > 0);
      if (inner.length === 0 || this.chance(0.3)) break;
      node = this.pick(inner);
    }
    node[this.pick(['f:odd', 'f:name', '.'])] = this.pick([true, 1, null, { 'f:x': 1 }]);
    return fields;
  }
  private apply(def: ResourceDef): ManagedFieldsEntry {
    const paths = [...fieldSetOf(this.mutate(this.object(def.kind), this.object(def.kind)), def.kind)];
    const fieldsV1: Json = toFieldsV1(new Set(paths.filter(() => this.chance(0.6))));
    const e: ManagedFieldsEntry = {
      manager: this.pick(MANAGERS),
      operation: this.pick(['Apply', 'Update']),
      apiVersion: 'v1',
      time: formatTime(5),
      fieldsType: 'FieldsV1',
      fieldsV1,
    };
    if (def.status && this.chance(0.3)) e.subresource = 'status';
    return e;
  }
}

const MANAGERS = ['kubectl', 'kubelet', 'kube-scheduler', 'controller'];

function tryTo(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return String(err);
  }
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('recordUpdate', () => {
  const kinds: [ResourceDef, number][] = [
    [resourceDef('', 'pods'), 800],
    [resourceDef('apps', 'deployments'), 200],
    [resourceDef('', 'nodes'), 200],
    [resourceDef('', 'configmaps'), 150],
  ];
  for (const [def, cases] of kinds) {
    it(`records what it recorded when it resolved every path (${def.kind}, ${cases} generated writes)`, () => {
      let recorded = 0;
      for (let seed = 1; seed <= cases; seed++) {
        const g = new Gen(seed * 7919 + def.kind.length);
        const current = g.object(def.kind);
        current.metadata.managedFields = g.managedFields(def, current);
        deepFreeze(current);
        const next = g.chance(0.1) ? structuredClone(current) : g.mutate(current, g.object(def.kind));
        // Often a manager with an entry already, writing where it wrote before.
        const entries = current.metadata.managedFields;
        const before = entries.length > 0 && g.chance(0.5) ? g.pick(entries) : undefined;
        const manager = before?.manager ?? g.pick(MANAGERS);
        const sub = before
          ? before.subresource
          : g.pick(def.status ? [undefined, 'status', 'scale'] : [undefined, 'status']);
        const want = structuredClone(next);
        const got = structuredClone(next);
        const wantError = tryTo(() => referenceRecordUpdate(def, current, want, manager, sub, 9000));
        const gotError = tryTo(() => recordUpdate(def, current, got, manager, sub, 9000));
        const where = `seed ${seed}`;
        expect(gotError, where).toBe(wantError);
        if (wantError) continue;
        recorded++;
        expect(got, where).toEqual(want);
        expect(JSON.stringify(got.metadata.managedFields), where).toBe(JSON.stringify(want.metadata.managedFields));
        // An entry nothing was taken from stays the very same object.
        const previous = new Set(current.metadata.managedFields);
        expect(
          got.metadata.managedFields?.map((e) => previous.has(e)),
          where,
        ).toEqual(want.metadata.managedFields?.map((e) => previous.has(e)));
      }
      expect(recorded).toBeGreaterThan(cases / 2);
    });
  }

  it('gives the writer of a status update what changed, and takes it from the manager that had it', () => {
    const def = resourceDef('', 'pods');
    const cond = (type: string, status: string) => ({ type, status });
    const current = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', managedFields: [] as ManagedFieldsEntry[] },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
      status: { phase: 'Pending', conditions: [cond('PodScheduled', 'True'), cond('Ready', 'False')] },
    } as ApiObject;
    current.metadata.managedFields = [
      {
        manager: 'kube-scheduler',
        operation: 'Update',
        apiVersion: 'v1',
        time: formatTime(0),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:status': {
            'f:conditions': {
              'k:{"type":"PodScheduled"}': { '.': {}, 'f:type': {}, 'f:status': {} },
              'k:{"type":"Ready"}': { '.': {}, 'f:type': {}, 'f:status': {} },
            },
          },
        },
        subresource: 'status',
      },
    ];
    const next = structuredClone(current);
    (next.status as { conditions: unknown[] }).conditions = [cond('PodScheduled', 'True'), cond('Ready', 'True')];
    recordUpdate(def, current, next, 'kubelet', 'status', 1000);
    expect(next.metadata.managedFields).toEqual([
      {
        ...current.metadata.managedFields[0],
        fieldsV1: {
          'f:status': {
            'f:conditions': {
              'k:{"type":"PodScheduled"}': { '.': {}, 'f:type': {}, 'f:status': {} },
              'k:{"type":"Ready"}': { 'f:type': {} },
            },
          },
        },
      },
      {
        manager: 'kubelet',
        operation: 'Update',
        apiVersion: 'v1',
        time: formatTime(1000),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:status': { 'f:conditions': { 'k:{"type":"Ready"}': { '.': {}, 'f:status': {} } } } },
        subresource: 'status',
      },
    ]);
  });
});

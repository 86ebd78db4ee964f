/**
 * The policies that have bindings, compiled, as the plugin evaluates them (kube's policy
 * source): rebuilt from the watch cache only after a policy or binding event.
 */
import {
  compilePolicy,
  type ApiObject,
  type CompiledPolicy,
  type ValidatingAdmissionPolicy,
  type ValidatingAdmissionPolicyBinding,
} from '@wheelhouse/api';
import type { ResourceDef } from '../../registry/registry.js';
import type { WatchCache } from '../../watch/watch-cache.js';

/** A policy with its bindings (kube's PolicyHook), compiled. */
export interface Hook {
  policy: ValidatingAdmissionPolicy;
  name: string;
  compiled: CompiledPolicy;
  bindings: readonly ValidatingAdmissionPolicyBinding[];
}

/**
 * The bound policies (kube's policy source): rebuilt from the watch cache after a policy or
 * binding event, each policy compiled once per generation (uid and generation).
 */
export class PolicySource {
  private hooks: readonly Hook[] | undefined;
  private compiled = new Map<string, { generation: number; compiled: CompiledPolicy }>();
  private readonly following = new Set<ResourceDef>();

  constructor(
    private readonly cache: WatchCache,
    private readonly policyDef: ResourceDef,
    private readonly bindingDef: ResourceDef,
  ) {}

  current(): readonly Hook[] {
    return (this.hooks ??= this.build());
  }

  /** The objects of `def`, following its events from then on (again after a relist drops the subscription). */
  private read(def: ResourceDef): ApiObject[] {
    const snap = this.cache.snapshot(def);
    if (!this.following.has(def)) {
      this.following.add(def);
      const changed = (): void => void (this.hooks = undefined);
      this.cache.subscribe(def, snap.revision, changed, () => {
        this.following.delete(def);
        changed();
      });
    }
    return snap.items.map((i) => i.obj);
  }

  private compile(
    policy: ValidatingAdmissionPolicy,
    into: Map<string, { generation: number; compiled: CompiledPolicy }>,
  ) {
    const uid = policy.metadata?.uid ?? policy.metadata?.name ?? '';
    const generation = policy.metadata?.generation ?? 0;
    const hit = this.compiled.get(uid);
    const entry = hit?.generation === generation ? hit : { generation, compiled: compilePolicy(policy.spec ?? {}) };
    into.set(uid, entry);
    return entry.compiled;
  }

  private build(): readonly Hook[] {
    const byPolicy = new Map<string, ValidatingAdmissionPolicyBinding[]>();
    for (const b of this.read(this.bindingDef) as ValidatingAdmissionPolicyBinding[]) {
      const name = b.spec?.policyName ?? '';
      const list = byPolicy.get(name);
      if (list) list.push(b);
      else byPolicy.set(name, [b]);
    }
    const policies = this.read(this.policyDef) as ValidatingAdmissionPolicy[];
    const compiled = new Map<string, { generation: number; compiled: CompiledPolicy }>();
    const hooks: Hook[] = [];
    for (const policy of policies) {
      const name = policy.metadata?.name ?? '';
      const bindings = byPolicy.get(name);
      if (bindings) hooks.push({ policy, name, compiled: this.compile(policy, compiled), bindings });
    }
    this.compiled = compiled;
    return hooks;
  }
}

/**
 * The ValidatingAdmissionPolicy admission plugin, as kube-apiserver's: on every create, update
 * and delete of any resource (custom resources, subresources and webhook configurations
 * included; the admission policies and bindings themselves excepted, as in kube), each binding
 * of each policy whose matchConstraints select the request (and whose own matchResources do,
 * if set) evaluates the policy once per parameter object. A
 * failed validation acts as the binding's validationActions say: Deny refuses the request with
 * `ValidatingAdmissionPolicy 'P' with binding 'B' denied request: <message>` (the first denial
 * wins; status code from the validation's reason, 422 Invalid by default), Warn adds
 * `Validation failed for ValidatingAdmissionPolicy 'P' with binding 'B': <message>` as a
 * response warning, Audit does nothing visible (no audit log). Configuration errors (unknown
 * paramKind, missing params) and evaluation errors follow the policy's failurePolicy.
 * Policies and bindings come from the watch cache: the plugin follows their events and
 * regroups them (compiling each policy once per generation) only after one changed, so a
 * request costs nothing more than a length check while no policy is bound. Not done:
 * `authorizer`, audit annotations, converting the object to an Equivalent-matched version.
 */
import {
  compilePolicy,
  evaluatePolicy,
  type ApiObject,
  type CompiledPolicy,
  type ParamKind,
  type PolicyInput,
  type ValidatingAdmissionPolicy,
  type ValidatingAdmissionPolicyBinding,
} from '@wheelhouse/api';
import { ApiError, type Reason } from '../../errors.js';
import { namespaceDef, resourceDef, type ResourceDef } from '../../registry/registry.js';
import { storageKey } from '../../storage/storage.js';
import type { WatchCache } from '../../watch/watch-cache.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../admission.js';
import { matchResources, type NamespaceLabels } from './matching.js';
import { namespaceObject } from './namespace-object.js';
import { collectParams, paramResource, type ParamReader } from './params.js';
import type { GroupVersionResource, PolicyRequest } from './request.js';

const ADM = 'admissionregistration.k8s.io';
/** Resources kube's policy plugins never check (generic plugin's admissionResources). */
const EXCLUDED: ReadonlySet<string> = new Set([
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
]);
const STATUS_REASONS: ReadonlySet<string> = new Set(['Forbidden', 'Unauthorized', 'RequestEntityTooLarge', 'Invalid']);

/** What the plugin reads besides policies and bindings. */
export interface PolicyPluginDeps {
  cache: WatchCache;
  /** Every served resource (built-in and custom), for paramKind and Equivalent matching. */
  resources(): readonly ResourceDef[];
}

interface Denial {
  policy: string;
  binding: string | undefined;
  message: string;
  reason: string;
}

/** A policy with its bindings (kube's PolicyHook), compiled. */
interface Hook {
  policy: ValidatingAdmissionPolicy;
  name: string;
  compiled: CompiledPolicy;
  bindings: readonly ValidatingAdmissionPolicyBinding[];
}

const isNamespaceDef = (def: ResourceDef): boolean => def.group === '' && def.plural === 'namespaces';

function requestOf(
  def: ResourceDef,
  obj: ApiObject,
  namespace: string | undefined,
  attrs: AdmissionAttributes,
): PolicyRequest {
  const deleting = attrs.operation === 'DELETE';
  const name = obj.metadata.name ?? '';
  return {
    operation: attrs.operation,
    resource: { group: def.group, version: def.version, resource: def.plural },
    kind: { group: def.group, version: def.version, kind: def.kind },
    subresource: attrs.subresource ?? '',
    // kube takes the namespace from the path: a Namespace's own for requests on /namespaces/<name>.
    namespace: def.namespaced ? (namespace ?? '') : isNamespaceDef(def) && attrs.operation !== 'CREATE' ? name : '',
    name,
    object: deleting ? undefined : obj,
    oldObject: attrs.oldObject,
    dryRun: attrs.dryRun,
  };
}

const OPTIONS_KIND = { CREATE: 'CreateOptions', UPDATE: 'UpdateOptions', DELETE: 'DeleteOptions' } as const;

/** `{ key: value }`, or nothing for an empty string (a Go `omitempty` field). */
const nonEmpty = (key: string, value: string): Record<string, string> => (value === '' ? {} : { [key]: value });

/**
 * The `request` variable: kube's AdmissionRequest without object and oldObject, as
 * ToUnstructured makes it: empty `omitempty` fields (subResource, name, namespace, the
 * userInfo of Wheelhouse's unauthenticated users) are absent, `uid` is empty.
 */
function requestVariable(req: PolicyRequest, matched: GroupVersionResource, def: ResourceDef): Record<string, unknown> {
  return {
    uid: '',
    kind: { group: matched.group, version: matched.version, kind: def.kind },
    resource: matched,
    ...nonEmpty('subResource', req.subresource),
    requestKind: req.kind,
    requestResource: req.resource,
    ...nonEmpty('requestSubResource', req.subresource),
    ...nonEmpty('name', req.name),
    ...nonEmpty('namespace', req.namespace),
    operation: req.operation,
    userInfo: {},
    dryRun: req.dryRun,
    options: {
      kind: OPTIONS_KIND[req.operation],
      apiVersion: 'meta.k8s.io/v1',
      ...(req.dryRun ? { dryRun: ['All'] } : {}),
    },
  };
}

function deniedError(def: ResourceDef, req: PolicyRequest, d: Denial): ApiError {
  const message =
    d.binding === undefined
      ? `ValidatingAdmissionPolicy '${d.policy}' denied request: ${d.message}`
      : `ValidatingAdmissionPolicy '${d.policy}' with binding '${d.binding}' denied request: ${d.message}`;
  const obj = req.object ?? req.oldObject;
  const name = req.name || obj?.metadata.generateName || 'Unknown';
  const resource = def.group === '' ? def.plural : `${def.plural}.${def.group}`;
  const reason = (STATUS_REASONS.has(d.reason) ? d.reason : 'Invalid') as Reason;
  const details = { name, ...(def.group === '' ? {} : { group: def.group }), kind: def.plural, causes: [{ message }] };
  return new ApiError(reason, `${resource} "${name}" is forbidden: ${message}`, details);
}

/**
 * The bound policies (kube's policy source): rebuilt from the watch cache after a policy or
 * binding event, each policy compiled once per generation (uid and generation).
 */
class PolicySource {
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

/** Per-registry-version lookups: the served versions of a resource, the resource of a paramKind. */
class ResourceIndex {
  private resources: readonly ResourceDef[] | undefined;
  private readonly equivalents = new Map<string, GroupVersionResource[]>();
  private readonly params = new Map<string, { def: ResourceDef } | { error: string }>();

  constructor(private readonly all: () => readonly ResourceDef[]) {}

  private fresh(): readonly ResourceDef[] {
    const now = this.all();
    if (now !== this.resources) {
      this.resources = now;
      this.equivalents.clear();
      this.params.clear();
    }
    return now;
  }

  equivalentsOf(def: ResourceDef): GroupVersionResource[] {
    const all = this.fresh();
    const key = `${def.group}/${def.plural}`;
    let hit = this.equivalents.get(key);
    if (!hit) {
      hit = all
        .filter((r) => r.group === def.group && r.plural === def.plural)
        .map((r) => ({ group: r.group, version: r.version, resource: r.plural }));
      this.equivalents.set(key, hit);
    }
    return hit;
  }

  paramResource(kind: ParamKind): { def: ResourceDef } | { error: string } {
    const all = this.fresh();
    const key = `${kind.apiVersion ?? ''}/${kind.kind ?? ''}`;
    let hit = this.params.get(key);
    if (!hit) this.params.set(key, (hit = paramResource(kind, all)));
    return hit;
  }
}

/** One request's evaluation against every bound policy. */
class Dispatch {
  readonly denials: Denial[] = [];
  private nsObject: ApiObject | undefined | null = null;
  private equivalentResources: GroupVersionResource[] | undefined;
  private readonly isNamespace: boolean;
  private base: Omit<PolicyInput, 'params' | 'request'> | undefined;
  /** CEL values of this request's inputs, converted once for all its evaluations. */
  private readonly values = new Map<object, unknown>();

  constructor(
    private readonly cache: WatchCache,
    private readonly index: ResourceIndex,
    private readonly def: ResourceDef,
    private readonly req: PolicyRequest,
    private readonly warnings: string[] | undefined,
  ) {
    this.isNamespace = isNamespaceDef(def);
  }

  private get equivalents(): GroupVersionResource[] {
    return (this.equivalentResources ??= this.index.equivalentsOf(this.def));
  }

  /** The request's Namespace (none for cluster-scoped requests and for Namespaces themselves, as kube). */
  private namespace(): ApiObject | undefined {
    if (this.nsObject !== null) return this.nsObject;
    const ns = this.isNamespace ? '' : this.req.namespace;
    this.nsObject = ns === '' ? undefined : this.cache.get(namespaceDef(), storageKey(namespaceDef(), undefined, ns));
    return this.nsObject;
  }

  private readonly namespaceLabels: NamespaceLabels = () => {
    if (this.isNamespace) return (this.req.object ?? this.req.oldObject)?.metadata.labels;
    return this.namespace()?.metadata.labels;
  };

  /** The inputs every evaluation of this request shares. */
  private inputs(): Omit<PolicyInput, 'params' | 'request'> {
    return (this.base ??= {
      object: this.req.object ?? null,
      oldObject: this.req.oldObject ?? null,
      namespaceObject: namespaceObject(this.namespace()),
    });
  }

  private configError(hook: Hook, binding: string | undefined, err: string): void {
    const failurePolicy = hook.policy.spec?.failurePolicy ?? 'Fail';
    if (failurePolicy === 'Ignore') return;
    const message =
      failurePolicy === 'Fail'
        ? `failed to configure ${binding === undefined ? 'policy' : 'binding'}: ${err}`
        : `unrecognized failure policy: '${failurePolicy}'`;
    this.denials.push({ policy: hook.name, binding, message, reason: '' });
  }

  run(hook: Hook): void {
    const spec = hook.policy.spec ?? {};
    if (!spec.matchConstraints)
      return this.configError(hook, undefined, 'policy contained no match constraints, a required field');
    const matched = matchResources(spec.matchConstraints, this.req, this.namespaceLabels, this.equivalents);
    if (!matched) return;
    let paramDef: ResourceDef | undefined;
    if (spec.paramKind) {
      const found = this.index.paramResource(spec.paramKind);
      if ('error' in found) return this.configError(hook, undefined, found.error);
      paramDef = found.def;
    }
    const request = requestVariable(this.req, matched, this.def);
    for (const b of hook.bindings) this.bind(hook, b, paramDef, request);
  }

  private readonly readParams: ParamReader = (def, ns, name) => {
    if (name === undefined) return this.cache.snapshot(def, ns).items.map((i) => i.obj);
    const obj = this.cache.get(def, storageKey(def, ns, name));
    return obj ? [obj] : [];
  };

  private bind(
    hook: Hook,
    binding: ValidatingAdmissionPolicyBinding,
    paramDef: ResourceDef | undefined,
    request: Record<string, unknown>,
  ): void {
    const spec = binding.spec ?? {};
    const name = binding.metadata?.name ?? '';
    if (spec.matchResources && !matchResources(spec.matchResources, this.req, this.namespaceLabels, this.equivalents))
      return;
    const params = collectParams(paramDef, spec.paramRef, this.req.namespace, this.readParams);
    if ('error' in params) return this.configError(hook, name, params.error);
    const base = { ...this.inputs(), request };
    const failurePolicy = hook.policy.spec?.failurePolicy ?? 'Fail';
    for (const param of params.params) {
      const outcome = evaluatePolicy(hook.compiled, { ...base, params: param }, failurePolicy, this.values);
      if (!outcome.matched) continue;
      for (const d of outcome.decisions)
        if (d.action === 'deny') this.act(hook.name, name, spec.validationActions ?? [], d);
    }
  }

  private act(policy: string, binding: string, actions: readonly string[], d: { message: string; reason: string }) {
    for (const action of actions) {
      if (action === 'Deny') this.denials.push({ policy, binding, message: d.message, reason: d.reason });
      if (action === 'Warn')
        this.warnings?.push(
          `Validation failed for ValidatingAdmissionPolicy '${policy}' with binding '${binding}': ${d.message}`,
        );
    }
  }
}

/** The plugin; reads policies, bindings, namespaces and params from the watch cache. */
export function validatingAdmissionPolicy(deps: PolicyPluginDeps): AdmissionPlugin {
  const source = new PolicySource(
    deps.cache,
    resourceDef(ADM, 'validatingadmissionpolicies'),
    resourceDef(ADM, 'validatingadmissionpolicybindings'),
  );
  const index = new ResourceIndex(deps.resources);
  return {
    operations: ['CREATE', 'UPDATE', 'DELETE'],
    admit: (def, obj, namespace, attrs) => {
      const hooks = source.current();
      if (hooks.length === 0 || (def.group === ADM && EXCLUDED.has(def.plural))) return;
      const req = requestOf(def, obj, namespace, attrs);
      const dispatch = new Dispatch(deps.cache, index, def, req, attrs.warnings);
      for (const hook of hooks) dispatch.run(hook);
      const first = dispatch.denials[0];
      if (first) throw deniedError(def, req, first);
    },
  };
}

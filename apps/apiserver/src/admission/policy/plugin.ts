/**
 * The ValidatingAdmissionPolicy admission plugin, as kube-apiserver's: on every create, update
 * and delete of any resource (custom resources, subresources and webhook configurations included;
 * the admission policies and bindings themselves excepted, as in kube), each binding of each policy whose matchConstraints select the request (and
 * whose own matchResources do, if set) evaluates the policy once per parameter object. A
 * failed validation acts as the binding's validationActions say: Deny refuses the request with
 * `ValidatingAdmissionPolicy 'P' with binding 'B' denied request: <message>` (the first denial
 * wins; status code from the validation's reason, 422 Invalid by default), Warn adds
 * `Validation failed for ValidatingAdmissionPolicy 'P' with binding 'B': <message>` as a
 * response warning, Audit does nothing visible (no audit log). Configuration errors (unknown
 * paramKind, missing params) and evaluation errors follow the policy's failurePolicy.
 * Policies and bindings are read from the watch cache, so changes apply as soon as the cache
 * has them; each policy is compiled once per generation. Not done: `authorizer`, audit
 * annotations, converting the object to an Equivalent-matched version.
 */
import {
  compilePolicy,
  evaluatePolicy,
  type ApiObject,
  type CompiledPolicy,
  type ValidatingAdmissionPolicy,
  type ValidatingAdmissionPolicyBinding,
} from '@wheelhouse/api';
import { ApiError, type Reason } from '../../errors.js';
import { namespaceDef, resourceDef, type ResourceDef } from '../../registry/registry.js';
import { storageKey } from '../../storage/storage.js';
import type { WatchCache } from '../../watch/watch-cache.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../admission.js';
import { addWarning } from '../warnings.js';
import { matchResources, type NamespaceLabels } from './matching.js';
import { namespaceObject } from './namespace-object.js';
import { collectParams, paramResource } from './params.js';
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

function requestOf(
  def: ResourceDef,
  obj: ApiObject,
  namespace: string | undefined,
  attrs: AdmissionAttributes,
): PolicyRequest {
  const deleting = attrs.operation === 'DELETE';
  return {
    operation: attrs.operation,
    resource: { group: def.group, version: def.version, resource: def.plural },
    kind: { group: def.group, version: def.version, kind: def.kind },
    subresource: attrs.subresource ?? '',
    namespace: def.namespaced ? (namespace ?? '') : '',
    name: obj.metadata.name ?? '',
    object: deleting ? undefined : obj,
    oldObject: attrs.oldObject,
    dryRun: attrs.dryRun,
  };
}

const OPTIONS_KIND = { CREATE: 'CreateOptions', UPDATE: 'UpdateOptions', DELETE: 'DeleteOptions' } as const;

/** The `request` variable: kube's AdmissionRequest without object and oldObject. */
function requestVariable(req: PolicyRequest, matched: GroupVersionResource, def: ResourceDef): Record<string, unknown> {
  return {
    kind: { group: matched.group, version: matched.version, kind: def.kind },
    resource: matched,
    subResource: req.subresource,
    requestKind: req.kind,
    requestResource: req.resource,
    requestSubResource: req.subresource,
    name: req.name,
    namespace: req.namespace,
    operation: req.operation,
    // Wheelhouse authenticates no one: the user is anonymous to policies.
    userInfo: { username: '', uid: '', groups: [], extra: {} },
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

/** Compiles each policy once per generation (keyed by uid). */
class PolicyCompiler {
  private readonly byUid = new Map<string, { generation: number; compiled: CompiledPolicy }>();

  get(policy: ValidatingAdmissionPolicy): CompiledPolicy {
    const uid = policy.metadata?.uid ?? policy.metadata?.name ?? '';
    const generation = policy.metadata?.generation ?? 0;
    const hit = this.byUid.get(uid);
    if (hit && hit.generation === generation) return hit.compiled;
    const compiled = compilePolicy(policy.spec ?? {});
    if (this.byUid.size > 10_000) this.byUid.clear();
    this.byUid.set(uid, { generation, compiled });
    return compiled;
  }
}

/** One request's evaluation against every policy. */
class Dispatch {
  readonly denials: Denial[] = [];
  private nsObject: ApiObject | undefined | null = null;

  constructor(
    private readonly deps: PolicyPluginDeps,
    private readonly compiler: PolicyCompiler,
    private readonly def: ResourceDef,
    private readonly req: PolicyRequest,
  ) {}

  private get equivalents(): GroupVersionResource[] {
    return this.deps
      .resources()
      .filter((r) => r.group === this.def.group && r.plural === this.def.plural)
      .map((r) => ({ group: r.group, version: r.version, resource: r.plural }));
  }

  private namespace(): ApiObject | undefined {
    if (this.nsObject !== null) return this.nsObject;
    const ns = this.req.namespace;
    this.nsObject =
      ns === '' ? undefined : this.deps.cache.get(namespaceDef(), storageKey(namespaceDef(), undefined, ns));
    return this.nsObject;
  }

  private readonly namespaceLabels: NamespaceLabels = () => {
    if (this.def.group === '' && this.def.plural === 'namespaces')
      return (this.req.object ?? this.req.oldObject)?.metadata.labels;
    return this.namespace()?.metadata.labels;
  };

  private configError(policy: ValidatingAdmissionPolicy, binding: string | undefined, err: string): void {
    const failurePolicy = policy.spec?.failurePolicy ?? 'Fail';
    if (failurePolicy === 'Ignore') return;
    const message =
      failurePolicy === 'Fail'
        ? `failed to configure ${binding === undefined ? 'policy' : 'binding'}: ${err}`
        : `unrecognized failure policy: '${failurePolicy}'`;
    this.denials.push({ policy: policy.metadata?.name ?? '', binding, message, reason: '' });
  }

  run(policy: ValidatingAdmissionPolicy, bindings: readonly ValidatingAdmissionPolicyBinding[]): void {
    const spec = policy.spec ?? {};
    if (!spec.matchConstraints)
      return this.configError(policy, undefined, 'policy contained no match constraints, a required field');
    const matched = matchResources(spec.matchConstraints, this.req, this.namespaceLabels, this.equivalents);
    if (!matched) return;
    let paramDef: ResourceDef | undefined;
    if (spec.paramKind) {
      const found = paramResource(spec.paramKind, this.deps.resources());
      if ('error' in found) return this.configError(policy, undefined, found.error);
      paramDef = found.def;
    }
    const compiled = this.compiler.get(policy);
    for (const b of bindings) this.bind(policy, b, compiled, paramDef, matched);
  }

  private bind(
    policy: ValidatingAdmissionPolicy,
    binding: ValidatingAdmissionPolicyBinding,
    compiled: CompiledPolicy,
    paramDef: ResourceDef | undefined,
    matched: GroupVersionResource,
  ): void {
    const spec = binding.spec ?? {};
    const name = binding.metadata?.name ?? '';
    if (spec.matchResources && !matchResources(spec.matchResources, this.req, this.namespaceLabels, this.equivalents))
      return;
    const read = (def: ResourceDef, ns: string | undefined) =>
      this.deps.cache.snapshot(def, ns).items.map((i) => i.obj);
    const params = collectParams(paramDef, spec.paramRef, this.req.namespace, read);
    if ('error' in params) return this.configError(policy, name, params.error);
    const isNamespace = this.def.group === '' && this.def.plural === 'namespaces';
    const base = {
      object: this.req.object ?? null,
      oldObject: this.req.oldObject ?? null,
      request: requestVariable(this.req, matched, this.def),
      namespaceObject: isNamespace ? null : namespaceObject(this.namespace()),
    };
    for (const param of params.params) {
      const outcome = evaluatePolicy(compiled, { ...base, params: param }, policy.spec?.failurePolicy ?? 'Fail');
      if (!outcome.matched) continue;
      for (const d of outcome.decisions)
        if (d.action === 'deny') this.act(policy, name, spec.validationActions ?? [], d);
    }
  }

  private act(
    policy: ValidatingAdmissionPolicy,
    binding: string,
    actions: readonly string[],
    d: { message: string; reason: string },
  ): void {
    const policyName = policy.metadata?.name ?? '';
    for (const action of actions) {
      if (action === 'Deny') this.denials.push({ policy: policyName, binding, message: d.message, reason: d.reason });
      if (action === 'Warn')
        addWarning(
          `Validation failed for ValidatingAdmissionPolicy '${policyName}' with binding '${binding}': ${d.message}`,
        );
    }
  }
}

/** The plugin; reads policies, bindings, namespaces and params from the watch cache. */
export function validatingAdmissionPolicy(deps: PolicyPluginDeps): AdmissionPlugin {
  const policyDef = resourceDef(ADM, 'validatingadmissionpolicies');
  const bindingDef = resourceDef(ADM, 'validatingadmissionpolicybindings');
  const compiler = new PolicyCompiler();
  return {
    operations: ['CREATE', 'UPDATE', 'DELETE'],
    admit: (def, obj, namespace, attrs) => {
      if (def.group === ADM && EXCLUDED.has(def.plural)) return;
      const bindings = deps.cache.snapshot(bindingDef).items.map((i) => i.obj as ValidatingAdmissionPolicyBinding);
      if (bindings.length === 0) return;
      const byPolicy = new Map<string, ValidatingAdmissionPolicyBinding[]>();
      for (const b of bindings) {
        const name = b.spec?.policyName ?? '';
        byPolicy.set(name, [...(byPolicy.get(name) ?? []), b]);
      }
      const req = requestOf(def, obj, namespace, attrs);
      const dispatch = new Dispatch(deps, compiler, def, req);
      for (const { obj: p } of deps.cache.snapshot(policyDef).items) {
        const policy = p as ValidatingAdmissionPolicy;
        const bound = byPolicy.get(policy.metadata?.name ?? '');
        if (bound) dispatch.run(policy, bound);
      }
      const first = dispatch.denials[0];
      if (first) throw deniedError(def, req, first);
    },
  };
}

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
  evaluatePolicy,
  type ApiObject,
  type PolicyInput,
  type ValidatingAdmissionPolicyBinding,
} from '@wheelhouse/api';
import { ApiError, type Reason } from '../../errors.js';
import { requestUser } from '../../http/request-user.js';
import { namespaceDef, resourceDef, type ResourceDef } from '../../registry/registry.js';
import { storageKey } from '../../storage/storage.js';
import type { WatchCache } from '../../watch/watch-cache.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../admission.js';
import { matchResources, type NamespaceLabels } from './matching.js';
import { namespaceObject } from './namespace-object.js';
import { collectParams, type ParamReader } from './params.js';
import { ResourceIndex } from './resource-index.js';
import { PolicySource, type Hook } from './source.js';
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
 * ToUnstructured makes it: empty `omitempty` fields (subResource, name, namespace) are
 * absent, `uid` is empty; userInfo is the request's user (http/request-user.ts).
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
    userInfo: requestUser(),
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

/**
 * Whether a policy's matchConstraints or a binding's matchResources select a request (kube's
 * policy matching: namespaceSelector, objectSelector, excludeResourceRules, then resourceRules
 * with resourceNames). A rule matches operations, API groups and versions (`*` for any),
 * resources (`pods`, `pods/status`, `*` for every resource without subresource, `pods/*`,
 * `*\/status`, `*\/*`) and scope (`Cluster`, `Namespaced`, `*`).
 */
import type { LabelSelector, MatchResources, NamedRuleWithOperations } from '@wheelhouse/api';
import {
  isEmptyLabelSelector,
  labelSelectorFromStructured,
  matchesLabels,
  type ParsedLabelSelector,
} from '@wheelhouse/machinery';
import type { GroupVersionResource, PolicyRequest } from './request.js';

const anyOf = (list: readonly string[] | undefined, value: string): boolean =>
  (list ?? []).some((x) => x === '*' || x === value);

function splitResource(entry: string): [string, string] {
  const slash = entry.indexOf('/');
  return slash < 0 ? [entry, ''] : [entry.slice(0, slash), entry.slice(slash + 1)];
}

function resourceMatches(rule: NamedRuleWithOperations, resource: string, sub: string): boolean {
  return (rule.resources ?? []).some((entry) => {
    const [res, s] = splitResource(entry);
    return (res === '*' || res === resource) && (s === '*' || s === sub);
  });
}

function isNamespaceResource(gvr: GroupVersionResource): boolean {
  return gvr.group === '' && gvr.resource === 'namespaces';
}

function scopeMatches(rule: NamedRuleWithOperations, req: PolicyRequest, gvr: GroupVersionResource): boolean {
  const scope = rule.scope ?? '*';
  if (scope === 'Namespaced') return !isNamespaceResource(gvr) && req.namespace !== '';
  if (scope === 'Cluster') return isNamespaceResource(gvr) || req.namespace === '';
  return true;
}

/** kube's rules.Matcher plus resourceNames, for the request seen as `gvr`. */
function ruleMatches(rule: NamedRuleWithOperations, req: PolicyRequest, gvr: GroupVersionResource): boolean {
  if (!anyOf(rule.operations, req.operation)) return false;
  if (!anyOf(rule.apiGroups, gvr.group) || !anyOf(rule.apiVersions, gvr.version)) return false;
  if (!resourceMatches(rule, gvr.resource, req.subresource) || !scopeMatches(rule, req, gvr)) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(req.name);
}

/**
 * The resource a rule list matches the request as: the request's own, or (matchPolicy
 * Equivalent) another served version of the same resource; undefined when none matches.
 */
export function matchingResource(
  rules: readonly NamedRuleWithOperations[],
  matchPolicy: string | undefined,
  req: PolicyRequest,
  equivalents: readonly GroupVersionResource[],
): GroupVersionResource | undefined {
  if (rules.some((r) => ruleMatches(r, req, req.resource))) return req.resource;
  if (matchPolicy !== 'Equivalent') return undefined;
  return equivalents.find((gvr) => gvr.version !== req.resource.version && rules.some((r) => ruleMatches(r, req, gvr)));
}

interface ParsedSelectors {
  /** Undefined when the selector is empty (selects everything). */
  namespace: ParsedLabelSelector | undefined;
  object: ParsedLabelSelector | undefined;
}

/** Parsed selectors per MatchResources object: cached objects are frozen, so this is once per generation. */
const parsedSelectors = new WeakMap<MatchResources, ParsedSelectors>();

function nonEmpty(selector: LabelSelector | undefined): ParsedLabelSelector | undefined {
  const parsed = labelSelectorFromStructured(selector ?? {});
  return isEmptyLabelSelector(parsed) ? undefined : parsed;
}

function selectorsOf(m: MatchResources): ParsedSelectors {
  let parsed = parsedSelectors.get(m);
  if (!parsed) {
    parsed = { namespace: nonEmpty(m.namespaceSelector), object: nonEmpty(m.objectSelector) };
    parsedSelectors.set(m, parsed);
  }
  return parsed;
}

/** The labels a namespaceSelector is held to: the Namespace's own for a Namespace request. */
export type NamespaceLabels = () => Record<string, string> | undefined;

/**
 * True when `m` selects the request; `resource` gets the resource it matched as. A
 * namespaceSelector does not constrain cluster-scoped resources other than Namespaces; an
 * objectSelector matches the new or the old object's labels.
 */
export function matchResources(
  m: MatchResources,
  req: PolicyRequest,
  namespaceLabels: NamespaceLabels,
  equivalents: readonly GroupVersionResource[],
): GroupVersionResource | undefined {
  const selectors = selectorsOf(m);
  const clusterScoped = req.namespace === '' && !isNamespaceResource(req.resource);
  if (!clusterScoped && selectors.namespace && !matchesLabels(selectors.namespace, namespaceLabels() ?? {}))
    return undefined;
  const object = selectors.object;
  if (
    object &&
    !(req.object && matchesLabels(object, req.object.metadata.labels ?? {})) &&
    !(req.oldObject && matchesLabels(object, req.oldObject.metadata.labels ?? {}))
  )
    return undefined;
  if (matchingResource(m.excludeResourceRules ?? [], m.matchPolicy, req, equivalents)) return undefined;
  if ((m.resourceRules ?? []).length === 0) return req.resource;
  return matchingResource(m.resourceRules ?? [], m.matchPolicy, req, equivalents);
}

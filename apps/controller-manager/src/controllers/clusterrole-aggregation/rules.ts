/** The aggregated rules of a ClusterRole, computed as kube's clusterrole-aggregation controller does. */
import type { ClusterRole, PolicyRule } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import { labelSelectorFromStructured, matchesLabels } from '@wheelhouse/machinery';

type Role = DeepReadonly<ClusterRole>;
type Rule = DeepReadonly<PolicyRule>;

/** A rule's identity for comparison: absent and empty lists are the same (apimachinery's semantic equality). */
function ruleKey(rule: Rule): string {
  const { verbs, apiGroups, resources, resourceNames, nonResourceURLs } = rule;
  return JSON.stringify([verbs, apiGroups, resources, resourceNames, nonResourceURLs].map((l) => l ?? []));
}

/** Whether two rule lists are the same, in order (absent and empty lists alike). */
export function sameRules(a: readonly Rule[] | undefined, b: readonly Rule[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((rule, i) => ruleKey(rule) === ruleKey(y[i]!));
}

const byName = (a: Role, b: Role): number => {
  const x = a.metadata?.name ?? '';
  const y = b.metadata?.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The rules `role` aggregates: for each of its clusterRoleSelectors in order, the rules of the
 * ClusterRoles it selects (other than `role` itself) sorted by name, each rule once. Throws
 * the MachineryError of a selector that does not convert.
 */
export function aggregateRules(role: Role, clusterRoles: readonly Role[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const parsed = labelSelectorFromStructured(selector);
    const matching = clusterRoles.filter((r) => matchesLabels(parsed, r.metadata?.labels)).sort(byName);
    for (const source of matching) {
      if (source.metadata?.name === role.metadata?.name) continue;
      for (const rule of source.rules ?? []) {
        const key = ruleKey(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(structuredClone(rule) as PolicyRule);
      }
    }
  }
  return out;
}

/** Compact builders of PolicyRules for the bootstrap policy's data. */
import type { PolicyRule } from '../schema/rbac-v1.js';

const words = (s: string): string[] => s.split(' ').filter((w) => w !== '');

/**
 * A resource rule: `verbs` and `resources` (and `resourceNames`) as space-separated words,
 * `groups` as a list (the core group is `''`).
 */
export function rule(groups: readonly string[], resources: string, verbs: string, resourceNames?: string): PolicyRule {
  const out: PolicyRule = { verbs: words(verbs), apiGroups: [...groups], resources: words(resources) };
  if (resourceNames !== undefined) out.resourceNames = words(resourceNames);
  return out;
}

/** A non-resource rule: `verbs` on the space-separated `urls`. */
export function urlRule(urls: string, verbs: string): PolicyRule {
  return { verbs: words(verbs), nonResourceURLs: words(urls) };
}

/** The core group. */
export const CORE = [''] as const;

/** `create patch update` on events of the core and events.k8s.io groups, which nearly every controller has. */
export const EVENTS_RULE: PolicyRule = rule(['', 'events.k8s.io'], 'events', 'create patch update');

/** Every verb of an ordinary resource. */
export const READ_WRITE = 'create delete deletecollection get list patch update watch';
/** The read verbs. */
export const READ = 'get list watch';
/** The write verbs of edit roles. */
export const WRITE = 'create delete deletecollection patch update';

import type { ClusterRole } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { aggregateRules, sameRules } from './rules.js';

const LABEL = 'example.com/aggregate-to-ops';
const role = (name: string, rules: ClusterRole['rules'], labels?: Record<string, string>): ClusterRole => ({
  metadata: { name, ...(labels ? { labels } : {}) },
  ...(rules ? { rules } : {}),
});
const read = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
const write = { verbs: ['update'], apiGroups: [''], resources: ['pods'] };
const urls = { verbs: ['get'], nonResourceURLs: ['/metrics'] };

describe('aggregateRules', () => {
  it('unions the selected roles by name order, each rule once, skipping itself and unselected roles', () => {
    const ops: ClusterRole = {
      metadata: { name: 'ops', labels: { [LABEL]: 'true' } },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [LABEL]: 'true' } }] },
      rules: [urls],
    };
    const all = [
      ops,
      role('b-writer', [write, { ...read, resourceNames: [] }], { [LABEL]: 'true' }),
      role('a-reader', [read], { [LABEL]: 'true' }),
      role('other', [urls]),
    ];
    expect(aggregateRules(ops, all)).toEqual([read, write]);
  });

  it('goes through the selectors in order', () => {
    const agg: ClusterRole = {
      metadata: { name: 'agg' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { tier: 'b' } }, { matchLabels: { tier: 'a' } }] },
    };
    const all = [agg, role('a', [read], { tier: 'a' }), role('b', [urls], { tier: 'b' })];
    expect(aggregateRules(agg, all)).toEqual([urls, read]);
  });

  it('compares rules with absent and empty lists alike', () => {
    expect(sameRules([], undefined)).toBe(true);
    expect(sameRules([{ ...read, resourceNames: [] }], [read])).toBe(true);
    expect(sameRules([read, write], [write, read])).toBe(false);
  });
});

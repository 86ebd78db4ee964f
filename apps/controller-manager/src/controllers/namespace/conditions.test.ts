// The namespace deletion conditions: kube's types, reasons and messages, and when
// lastTransitionTime moves.
import { describe, expect, it } from 'vitest';
import { type DeletionFindings, updateConditions } from './conditions.js';
import { GroupDiscoveryFailedError } from './discovery.js';

const clean: DeletionFindings = { contentErrors: [], remainingByResource: new Map(), remainingByFinalizer: new Map() };
const T0 = '2026-12-05T10:00:00Z';
const T1 = '2026-12-05T10:00:05Z';
const brief = (cs: ReturnType<typeof updateConditions>) =>
  cs?.map((c) => `${c.type} ${c.status} ${c.reason}: ${c.message}`);

describe('namespace deletion conditions', () => {
  it('states all five, False with kube ok reasons, when nothing failed', () => {
    expect(brief(updateConditions([], clean, T0))).toEqual([
      'NamespaceDeletionDiscoveryFailure False ResourcesDiscovered: All resources successfully discovered',
      'NamespaceDeletionGroupVersionParsingFailure False ParsedGroupVersions: All legacy kube types successfully parsed',
      'NamespaceDeletionContentFailure False ContentDeleted: All content successfully deleted, may be waiting on finalization',
      'NamespaceContentRemaining False ContentRemoved: All content successfully removed',
      'NamespaceFinalizersRemaining False ContentRemoved: All content successfully removed',
    ]);
  });

  it('reports a partial discovery failure with the groups that failed', () => {
    const err = new GroupDiscoveryFailedError(
      new Map([['metrics.k8s.io/v1beta1', 'the server is currently unable to handle the request']]),
    );
    const found = { ...clean, discoveryError: `Discovery failed for some groups, 1 failing: ${err.message}` };
    expect(brief(updateConditions([], found, T0))?.[0]).toBe(
      'NamespaceDeletionDiscoveryFailure True DiscoveryFailed: Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request',
    );
  });

  it('moves lastTransitionTime only when a status changes, and reports no change when nothing did', () => {
    const first = updateConditions([], { ...clean, remainingByResource: new Map([['pods.', 2]]) }, T0)!;
    expect(updateConditions(first, { ...clean, remainingByResource: new Map([['pods.', 2]]) }, T1)).toBeUndefined();
    const fewer = updateConditions(first, { ...clean, remainingByResource: new Map([['pods.', 1]]) }, T1)!;
    const remaining = (cs: typeof first) => cs.find((c) => c.type === 'NamespaceContentRemaining');
    expect(remaining(fewer)).toMatchObject({
      status: 'True',
      lastTransitionTime: T0,
      message: 'Some resources are remaining: pods. has 1 resource instances',
    });
    const none = updateConditions(fewer, clean, T1)!;
    expect(remaining(none)).toMatchObject({ status: 'False', reason: 'ContentRemoved', lastTransitionTime: T1 });
  });
});

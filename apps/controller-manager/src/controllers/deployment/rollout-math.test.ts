// The rollout arithmetic against the numbers kube's own tests expect (sync_test.go TestScale,
// rolling_test.go, deployment_util_test.go TestResolveFenceposts).
import type { Deployment, IntOrString } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, type RS } from './replica-sets.js';
import { maxSurge, newRSNewReplicas, planOldScaleDown, planScale, resolveFenceposts } from './rollout-math.js';

const NEW = '2016-05-20T02:00:00Z';
const OLD = '2016-05-20T01:00:00Z';
const OLDER = '2016-05-20T00:00:00Z';

function deployment(replicas: number, surge: IntOrString = 0, unavailable: IntOrString = 0): Deployment {
  return {
    metadata: { name: 'foo' },
    spec: {
      replicas,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
    },
  };
}

function rs(name: string, replicas: number, created: string, available = replicas): RS {
  return {
    metadata: { name, uid: name, resourceVersion: '1', creationTimestamp: created },
    spec: { replicas },
    status: { replicas, availableReplicas: available },
  };
}

/** Annotates as the previous scaling with `old` would have (kube's SetReplicasAnnotations in TestScale). */
function annotated(r: RS, old: Deployment, desired = old.spec!.replicas!): RS {
  const max = desired + maxSurge(old);
  return {
    ...r,
    metadata: {
      ...r.metadata,
      annotations: { [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) },
    },
  };
}

describe('resolveFenceposts', () => {
  it.each([
    ['0%', '0%', 0, 0, 1],
    ['39%', '39%', 10, 4, 3],
    [undefined, '39%', 10, 0, 3],
    ['39%', undefined, 10, 4, 0],
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 10, 3, 2],
    [2, 0, 10, 2, 0],
  ] as const)('surge %s unavailable %s of %i -> %i, %i', (surge, unavailable, desired, s, u) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual({ surge: s, unavailable: u });
  });

  it('refuses a string that is not a percentage', () => {
    expect(() => resolveFenceposts('oops', '0%', 10)).toThrow('invalid value for IntOrString');
  });
});

describe('newRSNewReplicas (reconcileNewReplicaSet)', () => {
  it.each([
    [10, 0, 10, 0, 0],
    [10, 2, 10, 0, 2],
    [10, 2, 5, 0, 7],
    [10, 2, 10, 2, 2],
  ])('replicas %i surge %i old %i new %i -> new %i', (replicas, surge, old, fresh, want) => {
    const d = deployment(replicas, surge, 0);
    const newRS = rs('foo-new', fresh, NEW);
    expect(newRSNewReplicas(d, [newRS, rs('foo-old', old, OLD)], newRS)).toBe(want);
  });
});

describe('planOldScaleDown (reconcileOldReplicaSets)', () => {
  it.each([
    [10, 0, 10, 0, 10, 0, 9],
    [10, 2, 10, 0, 10, 0, 8],
    [10, 2, 10, 0, 8, 0, 8],
    [10, 2, 10, 0, 9, 0, 8],
    [10, 2, 8, 2, 8, 0, 8],
  ])(
    'replicas %i maxUnavailable %i old %i new %i available %i/%i -> old %i',
    (replicas, unav, old, fresh, oldAvail, newAvail, want) => {
      const d = deployment(replicas, 0, unav);
      const oldRS = rs('foo-old', old, OLD, oldAvail);
      const newRS = rs('foo-new', fresh, NEW, newAvail);
      const steps = planOldScaleDown(d, [oldRS, newRS], [oldRS], newRS);
      expect(steps.length === 0 ? old : steps.at(-1)!.size).toBe(want);
    },
  );

  it('takes unavailable replicas first, then available ones, in two steps', () => {
    const d = deployment(10, 0, 2);
    const oldRS = rs('foo-old', 10, OLD, 9);
    const newRS = rs('foo-new', 0, NEW, 0);
    expect(planOldScaleDown(d, [oldRS, newRS], [oldRS], newRS).map((s) => s.size)).toEqual([9, 8]);
  });
});

describe('planScale (TestScale)', () => {
  const sizes = (
    d: Deployment,
    old: Deployment,
    newRS: RS | undefined,
    olds: RS[],
    desired: Record<string, number> = {},
  ) => {
    const a = (r: RS) => annotated(r, old, desired[r.metadata.name]);
    const plan = planScale(d, newRS && a(newRS), olds.map(a));
    const result: Record<string, number> = {};
    for (const r of [newRS, ...olds]) if (r) result[r.metadata.name] = r.spec!.replicas!;
    for (const s of plan.steps) result[s.rs.metadata.name] = s.size;
    return result;
  };

  it.each([
    ['normal scaling event: 10 -> 12', 12, 10, [['foo-v1', 10, NEW]], [], { 'foo-v1': 12 }],
    ['normal scaling event: 10 -> 5', 5, 10, [['foo-v1', 10, NEW]], [], { 'foo-v1': 5 }],
    ['proportional scaling: 5 -> 10', 10, 5, [['foo-v2', 2, NEW]], [['foo-v1', 3, OLD]], { 'foo-v2': 4, 'foo-v1': 6 }],
    ['proportional scaling: 5 -> 3', 3, 5, [['foo-v2', 2, NEW]], [['foo-v1', 3, OLD]], { 'foo-v2': 1, 'foo-v1': 2 }],
    ['proportional scaling: 9 -> 4', 4, 9, [['foo-v2', 8, NEW]], [['foo-v1', 1, OLD]], { 'foo-v2': 4, 'foo-v1': 0 }],
    [
      'proportional scaling: 7 -> 10',
      10,
      7,
      [['foo-v3', 2, NEW]],
      [
        ['foo-v2', 3, OLD],
        ['foo-v1', 2, OLDER],
      ],
      { 'foo-v3': 3, 'foo-v2': 4, 'foo-v1': 3 },
    ],
    [
      'proportional scaling: 13 -> 8',
      8,
      13,
      [['foo-v3', 2, NEW]],
      [
        ['foo-v2', 8, OLD],
        ['foo-v1', 3, OLDER],
      ],
      { 'foo-v3': 1, 'foo-v2': 5, 'foo-v1': 2 },
    ],
    [
      'leftover distribution: 3 -> 4',
      4,
      3,
      [['foo-v3', 1, NEW]],
      [
        ['foo-v2', 1, OLD],
        ['foo-v1', 1, OLDER],
      ],
      { 'foo-v3': 2, 'foo-v2': 1, 'foo-v1': 1 },
    ],
    [
      'leftover distribution: 3 -> 2',
      2,
      3,
      [['foo-v3', 1, NEW]],
      [
        ['foo-v2', 1, OLD],
        ['foo-v1', 1, OLDER],
      ],
      { 'foo-v3': 1, 'foo-v2': 1, 'foo-v1': 0 },
    ],
    [
      'proportional scaling (no new rs): 4 -> 5',
      5,
      4,
      [],
      [
        ['foo-v2', 2, OLD],
        ['foo-v1', 2, OLDER],
      ],
      { 'foo-v2': 3, 'foo-v1': 2 },
    ],
    [
      'proportional scaling: 6 -> 0',
      0,
      6,
      [['foo-v3', 3, NEW]],
      [
        ['foo-v2', 2, OLD],
        ['foo-v1', 1, OLDER],
      ],
      { 'foo-v3': 0, 'foo-v2': 0, 'foo-v1': 0 },
    ],
    [
      'proportional scaling: 0 -> 6',
      6,
      6,
      [['foo-v3', 0, NEW]],
      [
        ['foo-v2', 0, OLD],
        ['foo-v1', 0, OLDER],
      ],
      { 'foo-v3': 6, 'foo-v2': 0, 'foo-v1': 0 },
    ],
  ] as const)('%s', (_name, replicas, oldReplicas, newSpec, oldSpecs, want) => {
    const make = (o: readonly [string, number, string]): RS => rs(o[0], o[1], o[2]);
    const first = (newSpec as readonly (readonly [string, number, string])[])[0];
    const newRS = first ? make(first) : undefined;
    const olds = (oldSpecs as readonly (readonly [string, number, string])[]).map(make);
    expect(sizes(deployment(replicas), deployment(oldReplicas), newRS, olds)).toEqual(want);
  });

  it('shares a surge change too (change both surge and size: 10/3 -> 50/6)', () => {
    const got = sizes(deployment(50, 6), deployment(10, 3), rs('foo-v2', 5, NEW), [rs('foo-v1', 8, OLD)]);
    expect(got).toEqual({ 'foo-v2': 22, 'foo-v1': 34 });
  });

  it('deployment with surge pods: 10 -> 20 with maxSurge 2', () => {
    const got = sizes(deployment(20, 2), deployment(10, 2), rs('foo-v2', 6, NEW), [rs('foo-v1', 6, OLD)]);
    expect(got).toEqual({ 'foo-v2': 11, 'foo-v1': 11 });
  });

  it('leaves old pods of a saturated but broken new replica set alone', () => {
    const d = deployment(2, 1, 1);
    const got = sizes(d, d, rs('foo-v2', 2, NEW, 0), [rs('foo-v1', 1, OLD)]);
    expect(got).toEqual({ 'foo-v2': 2, 'foo-v1': 1 });
  });

  it("uses each replica set's own max-replicas annotation (failed rs update)", () => {
    const d = deployment(5);
    const got = sizes(d, d, rs('foo-v3', 2, NEW), [rs('foo-v2', 1, OLD), rs('foo-v1', 1, OLDER)], { 'foo-v2': 3 });
    expect(got).toEqual({ 'foo-v3': 2, 'foo-v2': 2, 'foo-v1': 1 });
  });
});

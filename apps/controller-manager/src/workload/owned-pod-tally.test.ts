import type { Pod } from '@wheelhouse/api';
import { type Served, controllerOf, matchLabels } from '@wheelhouse/client';
import { matchesLabels, parseLabelSelector } from '@wheelhouse/machinery';
import { seededRandom } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { type OwnerShape, OwnedPodTally } from './owned-pod-tally.js';
import { type CachedPod, isPodActive, isPodReady } from './pod-status.js';

const OWNERS = ['uid-a', 'uid-b'];
const SELECTORS = ['app=web', 'app=web,tier=front', 'app in (web, api)', 'tier!=back'];
const TEMPLATES: Record<string, string>[] = [{ app: 'web' }, { app: 'web', tier: 'front' }, {}];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomPod(random: () => number, name: string, rv: number): Served<Pod> {
  const labels: Record<string, string> = {};
  if (random() < 0.9) labels['app'] = pick(random, ['web', 'api', 'db']);
  if (random() < 0.6) labels['tier'] = pick(random, ['front', 'back']);
  const owner = pick(random, [...OWNERS, undefined]);
  const ownerReferences = owner
    ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: owner, controller: random() < 0.9 }]
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'ns',
      uid: `${name}-${rv}`,
      resourceVersion: String(rv),
      labels,
      ...(ownerReferences ? { ownerReferences } : {}),
      ...(random() < 0.15 ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'i' }] },
    status: {
      phase: pick(random, ['Pending', 'Running', 'Running', 'Succeeded', 'Failed']),
      conditions: [{ type: 'Ready', status: random() < 0.5 ? 'True' : 'False' }],
    },
  } as Served<Pod>;
}

/** What the tally must agree with: a read of every cached pod. */
function reference(pods: Iterable<CachedPod>, uid: string, shape: OwnerShape) {
  const fully = matchLabels(shape.templateLabels);
  const active = [...pods].filter((p) => controllerOf(p)?.uid === uid && isPodActive(p));
  return {
    active: active.length,
    ready: active.filter(isPodReady).length,
    mismatches: active.filter((p) => !matchesLabels(shape.selector, p.metadata.labels)).length,
    fullyLabeled: active.filter(fully).length,
    names: active.map((p) => p.metadata.name).sort(),
  };
}

describe('OwnedPodTally', () => {
  it('agrees with a full read of the pods after any sequence of pod events and owner changes', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed);
      const tally = new OwnedPodTally();
      const handler = tally.handler();
      const cache = new Map<string, CachedPod>();
      let rv = 0;
      let shape: OwnerShape = { selector: parseLabelSelector(SELECTORS[0]!), templateLabels: TEMPLATES[0]! };
      for (let step = 0; step < 300; step++) {
        const name = `p${Math.floor(random() * 12)}`;
        const old = cache.get(name);
        const roll = random();
        if (roll < 0.15 && old) {
          cache.delete(name);
          handler.onDelete?.(old, false);
        } else if (roll < 0.9) {
          const pod = randomPod(random, name, ++rv);
          cache.set(name, pod);
          if (old) handler.onUpdate?.(old, pod);
          else handler.onAdd?.(pod, false);
        } else {
          shape = {
            selector: parseLabelSelector(pick(random, SELECTORS)),
            templateLabels: pick(random, TEMPLATES),
          };
        }
        if (random() < 0.4) continue;
        for (const uid of OWNERS) {
          const owner = tally.of(uid);
          owner?.check(shape);
          const want = reference(cache.values(), uid, shape);
          const got = owner
            ? {
                active: owner.active,
                ready: owner.ready,
                mismatches: owner.mismatches,
                fullyLabeled: owner.fullyLabeled,
                names: owner
                  .activePods()
                  .map((p) => p.metadata.name)
                  .sort(),
              }
            : { active: 0, ready: 0, mismatches: 0, fullyLabeled: 0, names: [] };
          expect(got, `seed ${seed} step ${step} owner ${uid}`).toEqual(want);
          expect(owner?.readyPods().length ?? 0).toBe(want.ready);
        }
      }
    }
  });

  it('forgets an owner once no cached pod names it', () => {
    const tally = new OwnedPodTally();
    const handler = tally.handler();
    const pod = randomPod(seededRandom(3), 'p', 1);
    const withOwner = {
      ...pod,
      metadata: {
        ...pod.metadata,
        ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'a', uid: 'uid-a', controller: true }],
      },
    } as Served<Pod>;
    handler.onAdd?.(withOwner, false);
    expect(tally.of('uid-a')?.size).toBe(1);
    handler.onDelete?.(withOwner, false);
    expect(tally.of('uid-a')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { planDrain, type DrainPod } from './drain-filters.js';

const none = { ignoreDaemonSets: false, deleteEmptyDirData: false, force: false };

function pod(name: string, extra: Partial<DrainPod> = {}): DrainPod {
  return { metadata: { name, namespace: 'default' }, spec: {}, status: { phase: 'Running' }, ...extra };
}

describe('planDrain', () => {
  it('refuses a pod for the first reason in kubectl order only (local storage before no controller)', () => {
    const plan = planDrain([pod('both', { spec: { volumes: [{ emptyDir: {} }] } })], none);
    expect(plan.errors).toEqual([
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/both',
    ]);
    expect(plan.evict).toEqual([]);
  });

  it('evicts finished pods whatever they are, and skips mirror pods', () => {
    const done = pod('done', { status: { phase: 'Succeeded' } });
    const mirror = pod('mirror', {
      metadata: { name: 'mirror', namespace: 'default', annotations: { 'kubernetes.io/config.mirror': 'x' } },
    });
    const plan = planDrain([done, mirror], none);
    expect(plan.evict.map((p) => p.metadata?.name)).toEqual(['done']);
    expect(plan).toMatchObject({ errors: [], warnings: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { admitPod } from './admission.js';

describe('admitPod', () => {
  it('takes priority from a named PriorityClass', () => {
    const res = admitPod(
      { spec: { priorityClassName: 'high' } },
      { priorityClasses: [{ metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' }] },
    );
    expect(res.ok && res.pod.spec).toMatchObject({ priority: 1000, preemptionPolicy: 'Never' });
  });

  it('uses the global default class when none is named', () => {
    const res = admitPod(
      { spec: {} },
      { priorityClasses: [{ metadata: { name: 'def' }, value: 7, globalDefault: true }] },
    );
    expect(res.ok && res.pod.spec).toMatchObject({
      priority: 7,
      priorityClassName: 'def',
      preemptionPolicy: 'PreemptLowerPriority',
    });
  });

  it("rejects an unknown PriorityClass with Kubernetes' message", () => {
    expect(admitPod({ spec: { priorityClassName: 'nope' } })).toEqual({
      ok: false,
      message: 'no PriorityClass with name nope was found',
    });
  });

  it('keeps existing tolerations that already cover the defaults', () => {
    const res = admitPod({ spec: { serviceAccountName: 'robot', tolerations: [{ operator: 'Exists' }] } });
    expect(res.ok && res.pod.spec?.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(res.ok && res.pod.spec?.serviceAccount).toBe('robot');
  });
});

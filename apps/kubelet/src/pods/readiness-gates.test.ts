import type { Pod, PodCondition } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { boundPod, podUntil, useKubeletCluster } from '../kubelet.test-support.js';
import type { CachedPod } from '../types.js';
import { readinessGatesMessage } from './readiness-gates.js';

describe('readinessGatesMessage', () => {
  const pod = (gates: string[], conditions: PodCondition[]) =>
    ({
      metadata: { name: 'p' },
      spec: { readinessGates: gates.map((conditionType) => ({ conditionType })) },
      status: { conditions },
    }) as unknown as CachedPod;

  it("says, in the kubelet's words and in spec order, which gates are missing or not True", () => {
    expect(readinessGatesMessage(pod([], []))).toBeNull();
    expect(
      readinessGatesMessage(
        pod(
          ['a', 'b'],
          [
            { type: 'a', status: 'True' },
            { type: 'b', status: 'True' },
          ],
        ),
      ),
    ).toBeNull();
    expect(readinessGatesMessage(pod(['a', 'b'], [{ type: 'b', status: 'Unknown' }]))).toBe(
      'corresponding condition of pod readiness gate "a" does not exist., ' +
        'the status of pod readiness gate "b" is not "True", but Unknown',
    );
  });
});

const cluster = useKubeletCluster({ nodes: 1 });

const GATE = 'example.com/lb-ready';
const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type);
const ready = (p: Pod) => condition(p, 'Ready');

/** Another writer (a load-balancer controller) sets conditions through pods/status. */
async function setConditions(conditions: PodCondition[]): Promise<void> {
  await cluster.api.client
    .resource('pods', 'default')
    .patch('gated', { status: { conditions } }, { type: 'strategic', subresource: 'status' });
}

describe('readiness gates on a simulated node', () => {
  it('keeps the pod from Ready until every gate condition is True, and keeps conditions others set', async () => {
    await cluster.api.client
      .resource('pods', 'default')
      .create(boundPod('gated', 'sim-1', { spec: { readinessGates: [{ conditionType: GATE }] } }));
    const missing = await podUntil(
      cluster.api,
      cluster.k.clock,
      'gated',
      (p) => p.status?.phase === 'Running',
      'Running',
    );
    expect(ready(missing)).toMatchObject({
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: `corresponding condition of pod readiness gate "${GATE}" does not exist.`,
    });
    expect(condition(missing, 'ContainersReady')?.status).toBe('True');

    await setConditions([
      { type: GATE, status: 'False' },
      { type: 'example.com/other', status: 'True' },
    ]);
    const gateFalse = await podUntil(
      cluster.api,
      cluster.k.clock,
      'gated',
      (p) => ready(p)?.message?.startsWith('the status') ?? false,
      'gate False reported',
    );
    expect(ready(gateFalse)).toMatchObject({
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: `the status of pod readiness gate "${GATE}" is not "True", but False`,
    });

    await setConditions([{ type: GATE, status: 'True' }]);
    const gateTrue = await podUntil(cluster.api, cluster.k.clock, 'gated', (p) => ready(p)?.status === 'True', 'Ready');
    expect(ready(gateTrue)?.reason).toBeUndefined();
    expect(ready(gateTrue)?.message).toBeUndefined();
    expect(condition(gateTrue, 'example.com/other')?.status).toBe('True');
    expect(condition(gateTrue, GATE)?.status).toBe('True');

    await setConditions([{ type: GATE, status: 'False' }]);
    const again = await podUntil(
      cluster.api,
      cluster.k.clock,
      'gated',
      (p) => ready(p)?.status === 'False',
      'not Ready again',
    );
    expect(ready(again)?.reason).toBe('ReadinessGatesNotReady');
    expect(condition(again, 'example.com/other')?.status).toBe('True');
  });
});

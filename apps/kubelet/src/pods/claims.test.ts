import { describe, expect, it } from 'vitest';
import { boundPod, eventsAbout, eventually, podUntil, readPod, useKubeletCluster } from '../kubelet.test-support.js';

const cluster = useKubeletCluster({ nodes: 1 });

const claims = () => cluster.api.client.resource('persistentvolumeclaims', 'default');

describe('a pod whose claims are not Bound', () => {
  it('waits in ContainerCreating with a FailedMount event, and starts once its claim is Bound', async () => {
    const claim = await claims().create({
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    await cluster.api.client.resource('pods', 'default').create(
      boundPod('db', 'sim-1', {
        spec: {
          containers: [{ name: 'app', image: 'db:1', volumeMounts: [{ name: 'store', mountPath: '/data' }] }],
          volumes: [
            { name: 'store', persistentVolumeClaim: { claimName: 'data' } },
            { name: 'unused', persistentVolumeClaim: { claimName: 'absent' } },
            { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
          ],
        },
      }),
    );
    let warnings: string[] = [];
    await eventually(
      cluster.k.clock,
      async () => {
        const events = await eventsAbout(cluster.api, 'db');
        warnings = events.filter((e) => e.reason === 'FailedMount').map((e) => `${e.type} ${e.message}`);
        return warnings.length > 0;
      },
      'a FailedMount event',
    );
    // Only volumes a container mounts count: "unused" (a claim that does not exist) and the
    // ephemeral "scratch" are not mounted, so the kubelet does not wait for them.
    expect(warnings).toEqual([
      'Warning Unable to attach or mount volumes: unmounted volumes=[store], unattached volumes=[], failed to process volumes=[store]: error processing PVC default/data: PVC is not bound',
    ]);
    await cluster.k.clock.advance(5_000);
    const waiting = await readPod(cluster.api, 'db');
    expect(waiting?.status?.phase).toBe('Pending');
    expect(waiting?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ContainerCreating');

    await claims().updateStatus({ ...claim, status: { phase: 'Bound' } });
    await podUntil(cluster.api, cluster.k.clock, 'db', (p) => p.status?.phase === 'Running', 'Running');
    expect((await eventsAbout(cluster.api, 'db')).filter((e) => e.reason === 'FailedMount')).toHaveLength(1);
  });

  it('names a missing claim and a claim being deleted as the volume manager does', async () => {
    await claims().create({
      metadata: { name: 'going', finalizers: ['example.com/hold'] },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    await claims().delete('going');
    await cluster.api.client.resource('pods', 'default').create(
      boundPod('web', 'sim-1', {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'web:1',
              volumeMounts: [
                { name: 'b-missing', mountPath: '/a' },
                { name: 'a-going', mountPath: '/b' },
              ],
            },
          ],
          volumes: [
            { name: 'b-missing', persistentVolumeClaim: { claimName: 'nowhere' } },
            { name: 'a-going', persistentVolumeClaim: { claimName: 'going' } },
          ],
        },
      }),
    );
    let message = '';
    await eventually(
      cluster.k.clock,
      async () => {
        message = (await eventsAbout(cluster.api, 'web')).find((e) => e.reason === 'FailedMount')?.message ?? '';
        return message !== '';
      },
      'a FailedMount event',
    );
    expect(message).toBe(
      'Unable to attach or mount volumes: unmounted volumes=[a-going b-missing], unattached volumes=[], failed to process volumes=[a-going b-missing]: ' +
        'error processing PVC default/going: PVC is being deleted; ' +
        'error processing PVC default/nowhere: failed to fetch PVC from API server: persistentvolumeclaims "nowhere" not found',
    );
  });
});

import type { Pod } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { boundPod, eventsAbout, eventually, podUntil, useKubeletCluster } from '../kubelet.test-support.js';

const cluster = useKubeletCluster({ nodes: 2 });

const pods = () => cluster.api.client.resource('pods', 'default');
const running = (name: string) =>
  podUntil(cluster.api, cluster.k.clock, name, (p) => p.status?.phase === 'Running', 'Running');

/** The pod's Events as `reason fieldPath: message` lines, oldest first, once `count` of them are in. */
async function eventLines(name: string, count: number): Promise<string[]> {
  let lines: string[] = [];
  await eventually(
    cluster.k.clock,
    async () => {
      lines = (await eventsAbout(cluster.api, name)).map(
        (e) => `${e.reason} ${e.involvedObject?.fieldPath ?? '-'}: ${e.message}`,
      );
      return lines.length >= count;
    },
    `${count} events of ${name}`,
  );
  return lines;
}

const PULLED =
  /^Pulled (\S+): Successfully pulled image "(.+)" in ([\d.]+m?s) \(\3 including waiting\)\. Image size: \d+ bytes\.$/;

describe("the kubelet's events, as kubectl describe pod shows them", () => {
  it('pulls, creates and starts each container, from kubelet on the node', async () => {
    await pods().create(
      boundPod('ev', 'sim-1', {
        spec: {
          containers: [
            { name: 'web', image: 'registry.example/web:1.0' },
            { name: 'tools', image: 'registry.example/tools' },
          ],
        },
      }),
    );
    await running('ev');
    const lines = await eventLines('ev', 8);
    expect(lines.slice(0, 2)).toEqual([
      'Pulling spec.containers{web}: Pulling image "registry.example/web:1.0"',
      'Pulling spec.containers{tools}: Pulling image "registry.example/tools"',
    ]);
    expect(lines[2]).toMatch(PULLED);
    expect(PULLED.exec(lines[2]!)?.slice(1, 3)).toEqual(['spec.containers{web}', 'registry.example/web:1.0']);
    expect(lines.slice(3, 5)).toEqual([
      'Created spec.containers{web}: Created container: web',
      'Started spec.containers{web}: Started container web',
    ]);
    expect(PULLED.exec(lines[5]!)?.slice(1, 3)).toEqual(['spec.containers{tools}', 'registry.example/tools']);
    expect(lines.slice(6)).toEqual([
      'Created spec.containers{tools}: Created container: tools',
      'Started spec.containers{tools}: Started container tools',
    ]);
    const [first] = await eventsAbout(cluster.api, 'ev');
    expect(first).toMatchObject({
      type: 'Normal',
      source: { component: 'kubelet', host: 'sim-1' },
      involvedObject: { kind: 'Pod', apiVersion: 'v1', name: 'ev', namespace: 'default' },
    });
  });

  it('finds an image the node already pulled present, unless imagePullPolicy is Always', async () => {
    await running('ev');
    await pods().create(
      boundPod('ev-again', 'sim-1', {
        spec: {
          containers: [
            { name: 'web', image: 'registry.example/web:1.0' },
            { name: 'tools', image: 'registry.example/tools' },
          ],
        },
      }),
    );
    await running('ev-again');
    const lines = await eventLines('ev-again', 7);
    expect(lines[0]).toBe('Pulling spec.containers{tools}: Pulling image "registry.example/tools"');
    expect(lines[1]).toBe(
      'Pulled spec.containers{web}: Container image "registry.example/web:1.0" already present on machine',
    );
    expect(PULLED.exec(lines[4]!)?.[1]).toBe('spec.containers{tools}');
  });

  it('starts init containers first, then pulls for the containers', async () => {
    await pods().create(
      boundPod('ev-init', 'sim-2', {
        spec: {
          initContainers: [{ name: 'setup', image: 'registry.example/setup:2' }],
          containers: [{ name: 'app', image: 'registry.example/app:3' }],
        },
      }),
    );
    await running('ev-init');
    const lines = await eventLines('ev-init', 8);
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'Pulling spec.initContainers{setup}',
      'Pulled spec.initContainers{setup}',
      'Created spec.initContainers{setup}',
      'Started spec.initContainers{setup}',
      'Pulling spec.containers{app}',
      'Pulled spec.containers{app}',
      'Created spec.containers{app}',
      'Started spec.containers{app}',
    ]);
  });

  it('backs off a crashed container, then starts it again with the image present', async () => {
    await pods().create(
      boundPod('ev-crash', 'sim-2', {
        metadata: { annotations: { 'sim.wheelhouse.dev/crash-after-seconds': '2' } },
        spec: { containers: [{ name: 'app', image: 'registry.example/crash:1' }] },
      }),
    );
    const restarted = (p: Pod) => !!p.status?.containerStatuses?.[0]?.state?.running;
    const pod = await podUntil(
      cluster.api,
      cluster.k.clock,
      'ev-crash',
      (p) => p.status?.containerStatuses?.[0]?.restartCount === 1 && restarted(p),
      'restarted',
    );
    // The second Created and Started repeat the first ones: counted into them, as kubectl describe shows "x2".
    await eventually(
      cluster.k.clock,
      async () => (await eventsAbout(cluster.api, 'ev-crash')).find((e) => e.reason === 'Started')?.count === 2,
      'Started twice',
    );
    const lines = await eventLines('ev-crash', 6);
    expect(lines.slice(2)).toEqual([
      'Created spec.containers{app}: Created container: app',
      'Started spec.containers{app}: Started container app',
      `BackOff spec.containers{app}: Back-off restarting failed container app in pod ev-crash_default(${pod.metadata.uid})`,
      'Pulled spec.containers{app}: Container image "registry.example/crash:1" already present on machine',
    ]);
    const all = await eventsAbout(cluster.api, 'ev-crash');
    expect(all.find((e) => e.reason === 'BackOff')?.type).toBe('Warning');
    expect(all.find((e) => e.reason === 'Created')?.count).toBe(2);
  });

  it('stops each container of a deleted pod', async () => {
    await pods().create(
      boundPod('ev-bye', 'sim-1', {
        spec: {
          containers: [
            { name: 'a', image: 'registry.example/web:1.0' },
            { name: 'b', image: 'registry.example/web:1.0' },
          ],
        },
      }),
    );
    await running('ev-bye');
    await pods().delete('ev-bye', { gracePeriodSeconds: 30 });
    const lines = await eventLines('ev-bye', 8);
    expect(lines.slice(6)).toEqual([
      'Killing spec.containers{a}: Stopping container a',
      'Killing spec.containers{b}: Stopping container b',
    ]);
  });

  it('says in a Warning event what it cannot model: storage volumes (sidecars run, without a warning)', async () => {
    await pods().create(
      boundPod('ev-odd', 'sim-2', {
        spec: {
          volumes: [
            { name: 'cfg', configMap: { name: 'settings' } },
            { name: 'data', nfs: { server: 'nfs.example', path: '/exports' } },
            { name: 'disk', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:disk', lun: 0 } },
          ],
          initContainers: [{ name: 'proxy', image: 'registry.example/proxy:1', restartPolicy: 'Always' }],
        },
      }),
    );
    await running('ev-odd');
    let warnings: string[] = [];
    await eventually(
      cluster.k.clock,
      async () => {
        const all = await eventsAbout(cluster.api, 'ev-odd');
        warnings = all
          .filter((e) => e.reason === 'SimulationUnsupported' && e.type === 'Warning')
          .map((e) => e.message!);
        return warnings.length >= 2;
      },
      'warnings',
    );
    expect(warnings.sort()).toEqual([
      'volume "data" of type nfs is not simulated; the pod starts as if it were mounted',
      'volume "disk" of type iscsi is not simulated; the pod starts as if it were mounted',
    ]);
    const warning = (await eventsAbout(cluster.api, 'ev-odd')).find((e) => e.reason === 'SimulationUnsupported');
    expect(warning).toMatchObject({
      source: { component: 'kubelet', host: 'sim-2' },
      involvedObject: { kind: 'Pod', name: 'ev-odd' },
    });
  });
});

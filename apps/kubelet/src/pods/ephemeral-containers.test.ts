import type { Pod } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { boundPod, eventsAbout, eventually, podUntil, useKubeletCluster } from '../kubelet.test-support.js';

const cluster = useKubeletCluster({ nodes: 1 });

const pods = () => cluster.api.client.resource('pods', 'default');
const until = (name: string, check: (p: Pod) => boolean, what: string) =>
  podUntil(cluster.api, cluster.k.clock, name, check, what);
const running = (name: string) => until(name, (p) => p.status?.phase === 'Running', 'Running');
const debug = (name: string, image = 'busybox:1.36') => ({ name, image, command: ['sleep', '1'] });

/** Adds ephemeral containers as kubectl debug does: a strategic merge patch of pods/ephemeralcontainers. */
const addEphemeral = (pod: string, ...containers: ReturnType<typeof debug>[]) =>
  pods().patch(
    pod,
    { spec: { ephemeralContainers: containers } },
    { type: 'strategic', subresource: 'ephemeralcontainers' },
  );

const ephemeralState = (p: Pod, name: string) =>
  p.status?.ephemeralContainerStatuses?.find((s) => s.name === name)?.state;

/** The pod's Events about ephemeral containers as `reason fieldPath: message` lines, once `count` are in. */
async function ephemeralEvents(name: string, count: number): Promise<string[]> {
  let lines: string[] = [];
  await eventually(
    cluster.k.clock,
    async () => {
      lines = (await eventsAbout(cluster.api, name))
        .filter((e) => e.involvedObject?.fieldPath?.startsWith('spec.ephemeralContainers'))
        .map((e) => `${e.reason} ${e.involvedObject?.fieldPath}: ${e.message}`);
      return lines.length >= count;
    },
    `${count} ephemeral container events of ${name}`,
  );
  return lines;
}

describe('ephemeral containers', () => {
  it('start in a running pod as its containers did: pulled, created, started, and reported running', async () => {
    await pods().create(boundPod('dbg', 'sim-1'));
    await running('dbg');
    await addEphemeral('dbg', debug('debugger-abcde'));
    const creating = await until('dbg', (p) => ephemeralState(p, 'debugger-abcde') !== undefined, 'creating');
    expect(creating.status?.ephemeralContainerStatuses).toEqual([
      {
        name: 'debugger-abcde',
        image: 'busybox:1.36',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
      },
    ]);
    const started = await until('dbg', (p) => !!ephemeralState(p, 'debugger-abcde')?.running, 'debugger running');
    const [status] = started.status?.ephemeralContainerStatuses ?? [];
    expect(status).toMatchObject({
      name: 'debugger-abcde',
      image: 'busybox:1.36',
      imageID: expect.stringMatching(/^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/),
      containerID: expect.stringMatching(/^[a-z-]+:\/\/[0-9a-f]{64}$/),
      ready: false,
      restartCount: 0,
      state: { running: { startedAt: expect.any(String) } },
    });
    expect(started.status?.phase).toBe('Running');
    expect(started.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    const lines = await ephemeralEvents('dbg', 4);
    expect(lines[1]).toMatch(
      /^Pulled spec.ephemeralContainers\{debugger-abcde\}: Successfully pulled image "busybox:1.36" in 200ms \(200ms including waiting\)\. Image size: \d+ bytes\.$/,
    );
    expect([lines[0], ...lines.slice(2)]).toEqual([
      'Pulling spec.ephemeralContainers{debugger-abcde}: Pulling image "busybox:1.36"',
      'Created spec.ephemeralContainers{debugger-abcde}: Created container: debugger-abcde',
      'Started spec.ephemeralContainers{debugger-abcde}: Started container debugger-abcde',
    ]);
  });

  it('starts a second one beside the first, leaving the first as it was, and stops both with the pod', async () => {
    const before = await until('dbg', (p) => !!ephemeralState(p, 'debugger-abcde')?.running, 'first running');
    const first = before.status?.ephemeralContainerStatuses?.[0];
    await addEphemeral('dbg', debug('debugger-fghij'));
    const after = await until('dbg', (p) => !!ephemeralState(p, 'debugger-fghij')?.running, 'second running');
    expect(after.status?.ephemeralContainerStatuses?.map((s) => s.name)).toEqual(['debugger-abcde', 'debugger-fghij']);
    expect(after.status?.ephemeralContainerStatuses?.[0]).toEqual(first);
    const lines = await ephemeralEvents('dbg', 7);
    expect(lines.slice(4)).toEqual([
      'Pulled spec.ephemeralContainers{debugger-fghij}: Container image "busybox:1.36" already present on machine',
      'Created spec.ephemeralContainers{debugger-fghij}: Created container: debugger-fghij',
      'Started spec.ephemeralContainers{debugger-fghij}: Started container debugger-fghij',
    ]);
    await pods().delete('dbg', { gracePeriodSeconds: 30 });
    const killing = await ephemeralEvents('dbg', 9);
    expect(killing.slice(7)).toEqual([
      'Killing spec.ephemeralContainers{debugger-abcde}: Stopping container debugger-abcde',
      'Killing spec.ephemeralContainers{debugger-fghij}: Stopping container debugger-fghij',
    ]);
  });
});

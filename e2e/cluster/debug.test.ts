/**
 * `kubectl debug` end to end, as a user runs it against `wheelhouse start`, `wheelhouse
 * scheduler`, `wheelhouse controller-manager` and `wheelhouse kubelet`, each its own process:
 * the debug container is added through pods/ephemeralcontainers, the simulated kubelet starts it
 * and reports it running, and kube's refusal answers an attempt to remove it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, stopAndReportCluster, type ControlPlane } from '../support/control-plane.test-support.js';
import { createNamespace, running, until, type KubeObject, type Kubectl } from '../support/kubectl.test-support.js';

let cluster: ControlPlane;
let k: Kubectl;

beforeAll(async () => {
  cluster = await startControlPlane({ nodes: 1, podDelay: '100ms' });
  k = cluster.kubectl;
}, 180_000);

stopAndReportCluster('debug', () => cluster);

interface EphemeralStatus {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  state: { running?: { startedAt: string } };
}

const ephemeralStatuses = (p: KubeObject) =>
  (p.status as { ephemeralContainerStatuses?: EphemeralStatus[] } | undefined)?.ephemeralContainerStatuses ?? [];

describe('kubectl debug', () => {
  it('adds a debug container the kubelet starts, which may not be removed', async () => {
    const ns = await createNamespace(k, 'debug');
    await k.ok(['run', 'target', '-n', ns, '--image=nginx:1.27']);
    await until('target Running', () => k.json(['get', 'pod', 'target', '-n', ns]), running);

    const out = await k.ok(['debug', '-n', ns, 'pod/target', '--image=busybox', '--', 'sleep', '1']);
    const name = /^Defaulting debug container name to (debugger-[a-z0-9]{5})\.\n$/.exec(out)?.[1];
    expect(name, out).toBeDefined();

    const pod = await until(
      `${name} running`,
      () => k.json(['get', 'pod', 'target', '-n', ns]),
      (p) => ephemeralStatuses(p).some((s) => s.name === name && s.state.running),
    );
    expect((pod.spec as { ephemeralContainers?: unknown[] }).ephemeralContainers).toEqual([
      expect.objectContaining({ name, image: 'busybox', command: ['sleep', '1'] }),
    ]);
    expect(ephemeralStatuses(pod)).toEqual([
      expect.objectContaining({ name, image: 'busybox', ready: false, restartCount: 0 }),
    ]);
    const described = await k.ok(['describe', 'pod', 'target', '-n', ns]);
    expect(described).toMatch(new RegExp(`Ephemeral Containers:\\n  ${name}:\\n`));
    expect(described).toMatch(new RegExp(`Started +\\S+ +kubelet +Started container ${name}\\n`));

    const refused = await k.fails([
      'patch',
      'pod',
      'target',
      '-n',
      ns,
      '--subresource=ephemeralcontainers',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/spec/ephemeralContainers/0"}]',
    ]);
    expect(refused).toBe(
      `The Pod "target" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "${name}" may not be removed\n\n`,
    );
  });
});

// The monitor pass does not wait for a node's pods to be marked not Ready: with the pods'
// status writes held back, the failed node still gets its NoExecute taint at the next pass,
// no more than POD_MARK_WRITES_IN_FLIGHT of those writes are under way at once, and the pods
// go not Ready once the writes get through; a controller that stops makes none of the writes
// still waiting for a slot.
import type { RestClient } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import type { ControllerContext } from '../../context.js';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newNodeLifecycleController } from './controller.js';
import { FakeKubelets, advanceUntil, deleteAllNodes, runningPod, taintsOf } from './kubelets.test-support.js';
import { POD_MARK_WRITES_IN_FLIGHT } from './pods.js';

/** Pod status writes wait for `release()`; `arm()` holds the next ones again. */
class HeldPodStatus {
  held = 0;
  private open: () => void = () => undefined;
  private gate = Promise.resolve();

  constructor() {
    this.arm();
  }

  arm(): void {
    this.held = 0;
    this.gate = new Promise<void>((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open();
  }

  /** `client`, with its pods' updateStatus held until {@link release}. */
  wrap(client: RestClient): RestClient {
    const wait = async (): Promise<void> => {
      this.held++;
      await this.gate;
    };
    const bound = (target: object, key: PropertyKey): unknown => {
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    };
    return new Proxy(client, {
      get(target, key) {
        if (key !== 'resource') return bound(target, key);
        return (...args: Parameters<RestClient['resource']>) => {
          const resource = target.resource(...args);
          if (args[0] !== 'pods') return resource;
          return new Proxy(resource, {
            get(r, k) {
              if (k !== 'updateStatus') return bound(r, k);
              return async (...a: Parameters<typeof r.updateStatus>) => {
                await wait();
                return r.updateStatus(...a);
              };
            },
          });
        };
      },
    });
  }
}

const held = new HeldPodStatus();
const bed = useControllerTestBed(
  (ctx: ControllerContext) => [newNodeLifecycleController({ ...ctx, client: held.wrap(ctx.client) }, { workers: 8 })],
  () => deleteAllNodes(bed.cluster.client),
);
const { cluster, start } = bed;

/** A Ready pod's Ready condition status, read from the API. */
async function readyOf(ns: string, name: string): Promise<string | undefined> {
  const pod = await cluster.client.resource('pods', ns).get(name);
  return pod.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

/**
 * With pod status writes held: `count` Running and Ready pods on the node `failed`, which fails
 * (beside `up`, which stays: a zone whose nodes are all down is not tainted) until it has the
 * unreachable NoExecute taint. Returns the pods' namespace and names, and the tainted node.
 */
async function failNodeWithPods(failed: string, up: string, count: number) {
  held.arm();
  const ns = await cluster.namespace();
  const { clock } = await start();
  const kubelets = new FakeKubelets(cluster.client, () => bed.running.clock);
  await kubelets.register(failed);
  await kubelets.register(up);
  const names = Array.from({ length: count }, (_, i) => `${failed}-pod-${i}`);
  for (const name of names) await runningPod(cluster.client, ns, name, failed, clock.now());
  kubelets.fail(failed);
  const node = await advanceUntil(
    kubelets,
    bed.running.clock,
    () => cluster.client.resource('nodes').get(failed),
    (n) => taintsOf(n).includes('node.kubernetes.io/unreachable:NoExecute'),
    'unreachable NoExecute taint',
    120_000,
  );
  return { ns, names, node };
}

describe('the node monitor pass', () => {
  it("taints a failed node at the next pass while its pods' not-Ready writes are still under way, a few at a time", async () => {
    const { ns, names, node } = await failNodeWithPods('held-1', 'up-1', POD_MARK_WRITES_IN_FLIGHT + 4);
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
    // The first writes wait at the gate; the rest wait for a slot, not in the API server.
    expect(held.held).toBe(POD_MARK_WRITES_IN_FLIGHT);
    expect(await readyOf(ns, names[0]!)).toBe('True');
    held.release();
    await eventually(
      () => Promise.all(names.map((name) => readyOf(ns, name))),
      (ready) => ready.every((r) => r === 'False'),
      'every pod not ready',
    );
    expect(held.held).toBe(names.length);
  });

  it('writes none of the marks still waiting for a slot once it stops, and waits for those under way', async () => {
    const { ns, names } = await failNodeWithPods('held-2', 'up-2', POD_MARK_WRITES_IN_FLIGHT + 3);
    expect(held.held).toBe(POD_MARK_WRITES_IN_FLIGHT);
    const stopped = bed.running.stop();
    held.release();
    await stopped;
    const ready = await Promise.all(names.map((name) => readyOf(ns, name)));
    expect(ready.filter((r) => r === 'False')).toHaveLength(POD_MARK_WRITES_IN_FLIGHT);
    expect(ready.filter((r) => r === 'True')).toHaveLength(names.length - POD_MARK_WRITES_IN_FLIGHT);
    expect(held.held).toBe(POD_MARK_WRITES_IN_FLIGHT);
  });
});

// The root-ca-cert-publisher against a real API server: every namespace gets kube-root-ca.crt
// with exactly the bundle and kube's description; deleted or edited, it comes back as it was;
// a Terminating namespace gets none, and its refused create is not retried.
import { PrometheusWorkQueueMetrics, isNotFound } from '@wheelhouse/client';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newRootCaCertPublisher } from './controller.js';

const CA = '-----BEGIN CERTIFICATE-----\nbm90IHBhcnNlZCBoZXJl\n-----END CERTIFICATE-----\n';
// kube's text, written out here rather than imported: the test is its own oracle.
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

let registry = new Registry();
const bed = useControllerTestBed((ctx) => {
  registry = new Registry();
  const metricsProvider = new PrometheusWorkQueueMetrics(registry);
  return [newRootCaCertPublisher({ ...ctx, caData: CA, metrics: registry, metricsProvider }, { workers: 1 })];
});
const { cluster, start } = bed;

const configMaps = (ns: string) => cluster.client.resource('configmaps', ns);

/** The namespace's kube-root-ca.crt (uid, data, annotations), or undefined while there is none. */
async function rootCa(ns: string) {
  try {
    const cm = await configMaps(ns).get('kube-root-ca.crt');
    return { uid: cm.metadata.uid, data: cm.data, annotations: cm.metadata.annotations };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

const published = (ns: string) =>
  eventually(
    () => rootCa(ns),
    (cm) => cm !== undefined,
    `kube-root-ca.crt in ${ns}`,
  );

/** The sum of a metric's samples whose labels match `labels`. */
async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  const matching = (m?.values ?? []).filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return matching.reduce((sum, v) => sum + v.value, 0);
}

const QUEUE = { name: 'root_ca_cert_publisher' };

/** Once every key queued so far has been synced: the number of keys queued. */
async function quiet(): Promise<number> {
  const counts = await eventually(
    async () => [await metric('workqueue_adds_total', QUEUE), await metric('root_ca_cert_publisher_sync_total')],
    ([adds, syncs]) => adds === syncs,
    'every queued namespace synced',
  );
  return counts[0]!;
}

/** Changes namespace `ns` (a label), which queues it once while it is Active. */
async function poke(ns: string, value: string): Promise<void> {
  await cluster.client.resource('namespaces').patch(ns, { metadata: { labels: { poke: value } } }, { type: 'merge' });
}

describe('root-ca-cert-publisher', () => {
  it('publishes kube-root-ca.crt in existing and new namespaces, with the bundle and kube description', async () => {
    const before = await cluster.namespace();
    await start();
    const after = await cluster.namespace();
    for (const ns of [before, after, 'default']) {
      const cm = await published(ns);
      expect(cm).toMatchObject({ data: { 'ca.crt': CA }, annotations: { 'kubernetes.io/description': DESCRIPTION } });
      expect(Object.keys(cm!.annotations!)).toEqual(['kubernetes.io/description']);
    }
    expect(await metric('root_ca_cert_publisher_sync_total', { code: '200' })).toBeGreaterThanOrEqual(3);
  });

  it('brings it back when it is deleted', async () => {
    await start();
    const ns = await cluster.namespace();
    const first = await published(ns);
    await configMaps(ns).delete('kube-root-ca.crt');
    const second = await eventually(
      () => rootCa(ns),
      (cm) => cm !== undefined && cm.uid !== first!.uid,
      'kube-root-ca.crt recreated',
    );
    expect(second).toMatchObject({ data: { 'ca.crt': CA }, annotations: { 'kubernetes.io/description': DESCRIPTION } });
  });

  it('reverts edits of its data and description, keeping other annotations', async () => {
    await start();
    const ns = await cluster.namespace();
    await published(ns);
    const cm = await configMaps(ns).get('kube-root-ca.crt');
    cm.data = { 'ca.crt': 'tampered', extra: 'x' };
    cm.metadata.annotations = { 'example.com/note': 'kept' };
    await configMaps(ns).update(cm);
    const fixed = await eventually(
      () => rootCa(ns),
      (c) => c?.data?.['ca.crt'] === CA,
      'kube-root-ca.crt reverted',
    );
    expect(fixed!.data).toEqual({ 'ca.crt': CA });
    expect(fixed!.annotations).toEqual({ 'example.com/note': 'kept', 'kubernetes.io/description': DESCRIPTION });
    expect(fixed!.uid).toBe(cm.metadata.uid);
    // Only the data key changed this time: still put back.
    const again = await configMaps(ns).get('kube-root-ca.crt');
    again.data = { 'ca.crt': CA, extra: 'y' };
    await configMaps(ns).update(again);
    await eventually(
      () => rootCa(ns),
      (c) => c !== undefined && Object.keys(c.data ?? {}).length === 1,
      'extra key dropped',
    );
  });

  it('leaves other ConfigMaps alone', async () => {
    await start();
    const ns = await cluster.namespace();
    await configMaps(ns).create({ metadata: { name: 'settings' }, data: { 'ca.crt': 'mine' } });
    await published(ns);
    const queued = await quiet();
    const other = await configMaps(ns).get('settings');
    other.data = { 'ca.crt': 'still mine' };
    await configMaps(ns).update(other);
    await configMaps(ns).delete('settings');
    await poke(ns, 'after-settings');
    await eventually(
      () => metric('root_ca_cert_publisher_sync_total'),
      (n) => n > queued,
      'the sync the poke asked for',
    );
    expect(await quiet()).toBe(queued + 1);
    expect((await rootCa(ns))!.data).toEqual({ 'ca.crt': CA });
  });

  it('does not recreate it in a Terminating namespace, nor retry the refused create', async () => {
    const doomed = await cluster.namespace();
    await cluster.client.resource('namespaces').delete(doomed);
    await start();
    const live = await cluster.namespace();
    const cm = await published(live);
    expect(await rootCa(doomed)).toBeUndefined();
    // One that had it: its namespace begins terminating (no namespace controller runs here,
    // so it stays Terminating) and the ConfigMap is deleted.
    await cluster.client.resource('namespaces').delete(live);
    const queued = await quiet();
    await configMaps(live).delete('kube-root-ca.crt');
    await eventually(
      () => metric('root_ca_cert_publisher_sync_total'),
      (n) => n > queued,
      'the sync after the delete',
    );
    expect(await quiet()).toBe(queued + 1);
    // A retry would wait out the rate limiter on the controllers' clock: let it run.
    await bed.running.clock.advance(60_000);
    expect(await quiet()).toBe(queued + 1);
    expect(await rootCa(live)).toBeUndefined();
    expect(cm!.uid).toBeDefined();
    expect(await metric('workqueue_retries_total', QUEUE)).toBe(0);
    expect(await metric('root_ca_cert_publisher_sync_total')).toBe(
      await metric('root_ca_cert_publisher_sync_total', { code: '200' }),
    );
  });
});

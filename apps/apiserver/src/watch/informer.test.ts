/**
 * A second real client: @kubernetes/client-node's informer against our apiserver sees
 * adds, updates and deletes, and recovers (relists) after its watch gets 410 Expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, KubeConfig, makeInformer, type V1Pod } from '@kubernetes/client-node';
import { pod, startTestServer, type TestServer } from '../harness.test-support.js';
import { until } from '@wheelhouse/testing';

let t: TestServer;
beforeAll(async () => {
  // A small event window and short watches make an informer with a selector fall behind.
  t = await startTestServer({ watch: { windowSize: 5, defaultTimeoutMs: 400 } });
});
afterAll(async () => {
  await t?.stop();
});

describe('@kubernetes/client-node informer', () => {
  it('sees adds, updates and deletes, and relists after a 410', async () => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'wh', server: t.url, skipTLSVerify: true }],
      users: [{ name: 'me' }],
      contexts: [{ name: 'wh', cluster: 'wh', user: 'me' }],
      currentContext: 'wh',
    });
    const api = kc.makeApiClient(CoreV1Api);
    let lists = 0;
    const listFn = () => {
      lists++;
      return api.listNamespacedPod({ namespace: 'default', labelSelector: 'app=inf' });
    };
    const informer = makeInformer<V1Pod>(kc, '/api/v1/namespaces/default/pods', listFn, 'app=inf');
    const seen: string[] = [];
    informer.on('add', (p) => seen.push(`add ${p.metadata?.name}`));
    informer.on('update', (p) => seen.push(`update ${p.metadata?.name} ${p.metadata?.labels?.v ?? ''}`));
    informer.on('delete', (p) => seen.push(`delete ${p.metadata?.name}`));
    await informer.start();
    try {
      await t.req('POST', '/api/v1/namespaces/default/pods', pod('a', { app: 'inf' }));
      await until(() => seen.includes('add a'), 'add');
      await t.req(
        'PATCH',
        '/api/v1/namespaces/default/pods/a',
        { metadata: { labels: { v: '2' } } },
        { 'content-type': 'application/merge-patch+json' },
      );
      await until(() => seen.includes('update a 2'), 'update');
      await t.req('DELETE', '/api/v1/namespaces/default/pods/a');
      await until(() => seen.includes('delete a'), 'delete');

      const listsBefore = lists;
      for (let i = 0; i < 12; i++) await t.req('POST', '/api/v1/namespaces/default/pods', pod(`noise-${i}`));
      await until(() => lists > listsBefore, 'a relist after 410');
      await t.req('POST', '/api/v1/namespaces/default/pods', pod('b', { app: 'inf' }));
      await until(() => seen.includes('add b'), 'add after relist');
      expect(informer.list('default').map((p) => p.metadata?.name)).toEqual(['b']);
    } finally {
      await informer.stop();
    }
  });
});

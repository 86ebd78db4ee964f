import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pod } from '@wheelhouse/api';
import { deepFreeze } from '@wheelhouse/machinery';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { mutableCopy } from './object.js';
import type { Served } from './resource-types.js';
import { RestClient } from './rest-client.js';
import { patchIfChanged } from './status-writer.js';

interface Seen {
  method: string;
  url: string;
  contentType: string;
  body: unknown;
}

/** A server that records every request and answers a patch with a pod. */
async function recordingServer() {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: text ? JSON.parse(text) : undefined,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...cachedPod, metadata: { ...cachedPod.metadata, resourceVersion: '8' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new RestClient({
    server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logger: pino({ level: 'silent' }),
  });
  const stop = async (): Promise<void> => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  };
  return { seen, client, stop };
}

const cachedPod = deepFreeze<Served<Pod>>({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '7', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }], nodeName: 'node-1' },
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] },
});

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('patchIfChanged', () => {
  it('sends nothing for an unchanged copy', async () => {
    const s = await recordingServer();
    stop = s.stop;
    const copy = structuredClone(cachedPod);
    expect(await patchIfChanged(s.client.resource('pods'), cachedPod, copy, { subresource: 'status' })).toBeUndefined();
    expect(await patchIfChanged(s.client.resource('pods'), cachedPod, cachedPod)).toBeUndefined();
    expect(s.seen).toEqual([]);
  });

  it('sends only what changed, as a merge patch of the status subresource', async () => {
    const s = await recordingServer();
    stop = s.stop;
    const copy = mutableCopy(cachedPod);
    copy.status = { ...copy.status, phase: 'Running', podIP: '10.0.0.5' };
    delete copy.metadata.labels;
    const stored = await patchIfChanged(s.client.resource('pods'), cachedPod, copy, { subresource: 'status' });
    expect(stored?.metadata.resourceVersion).toBe('8');
    expect(s.seen).toEqual([
      {
        method: 'PATCH',
        url: '/api/v1/namespaces/shop/pods/web/status',
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: null }, status: { phase: 'Running', podIP: '10.0.0.5' } },
      },
    ]);
    expect(cachedPod.status?.phase).toBe('Pending'); // the cached object is untouched
  });

  it('with optimisticLock carries the cached resourceVersion', async () => {
    const s = await recordingServer();
    stop = s.stop;
    const copy = mutableCopy(cachedPod);
    copy.spec = { ...copy.spec!, nodeName: 'node-2' };
    await patchIfChanged(s.client.resource('pods'), cachedPod, copy, { optimisticLock: true, fieldManager: 'me' });
    expect(s.seen.map((r) => [r.url, r.body])).toEqual([
      [
        '/api/v1/namespaces/shop/pods/web?fieldManager=me',
        { metadata: { resourceVersion: '7' }, spec: { nodeName: 'node-2' } },
      ],
    ]);
  });
});

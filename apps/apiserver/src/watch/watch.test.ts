import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdctl } from '@wheelhouse/testing';
import { WebSocket } from 'ws';
import { pod, startTestServer, type TestServer } from '../harness.test-support.js';
import { openWatch, type Ev } from './open-watch.test-support.js';

let t: TestServer;
const NS = '/api/v1/namespaces/watching/pods';

beforeAll(async () => {
  t = await startTestServer({ watch: { bookmarkIntervalMs: 100, windowSize: 50 } });
  await t.req('POST', '/api/v1/namespaces', { metadata: { name: 'watching' } });
});
afterAll(async () => {
  await t?.stop();
});

describe('watch', () => {
  it('flushes headers at once and streams ADDED (synthetic first), MODIFIED, DELETED as JSON lines', async () => {
    await t.req('POST', NS, pod('w1'));
    const w = await openWatch(`${t.url}${NS}?watch=true`);
    expect(w.res.statusCode).toBe(200);
    expect(w.res.headers['content-type']).toBe('application/json');
    expect(w.res.headers['transfer-encoding']).toBe('chunked');
    await w.until(1);
    await t.req(
      'PATCH',
      `${NS}/w1`,
      { metadata: { labels: { x: 'y' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    await t.req('DELETE', `${NS}/w1`);
    const evs = await w.until(3);
    expect(evs.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
    expect(Number(evs[2]!.object.metadata.resourceVersion)).toBeGreaterThan(
      Number(evs[1]!.object.metadata.resourceVersion),
    );
    w.close();
  });

  it('resumes from a resourceVersion without replaying older events', async () => {
    const a = (await t.req('POST', NS, pod('r1'))).body;
    await t.req('POST', NS, pod('r2'));
    const w = await openWatch(`${t.url}${NS}?watch=1&resourceVersion=${a.metadata.resourceVersion}`);
    const evs = await w.until(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(evs.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED r2']);
    w.close();
  });

  it('sends a 410 Expired ERROR event for a resourceVersion older than the window', async () => {
    for (let i = 0; i < 60; i++)
      await t.req(
        'PATCH',
        `${NS}/r1`,
        { metadata: { labels: { i: String(i) } } },
        { 'content-type': 'application/merge-patch+json' },
      );
    const w = await openWatch(`${t.url}${NS}?watch=true&resourceVersion=2`);
    const [ev] = await w.until(1);
    expect(ev).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 },
    });
    expect(ev!.object.message).toMatch(/^too old resource version: 2 \(\d+\)$/);
    await w.ended;
  });

  it('applies selectors: objects leaving the selector are sent as DELETED', async () => {
    const w = await openWatch(`${t.url}${NS}?watch=true&labelSelector=sel%3Dyes`);
    await t.req('POST', NS, pod('s1', { sel: 'yes' }));
    await t.req('POST', NS, pod('s2', { sel: 'no' }));
    await t.req(
      'PATCH',
      `${NS}/s1`,
      { metadata: { labels: { sel: 'no' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    await t.req(
      'PATCH',
      `${NS}/s2`,
      { metadata: { labels: { sel: 'yes' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    const evs = await w.until(3);
    expect(evs.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED s1', 'DELETED s1', 'ADDED s2']);
    w.close();
  });

  it('sends bookmarks when allowed and ends the stream after timeoutSeconds', async () => {
    const start = Date.now();
    const w = await openWatch(
      `${t.url}${NS}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${(await t.req('GET', NS)).body.metadata.resourceVersion}`,
    );
    await w.ended;
    expect(Date.now() - start).toBeGreaterThanOrEqual(900);
    const bookmarks = w.events.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThan(2);
    expect(bookmarks[0]!.object).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    expect(Number(bookmarks[0]!.object.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it('watches one object by name and renders Table events for a Table Accept', async () => {
    await t.req('POST', NS, pod('tbl'));
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const w = await openWatch(`${t.url}${NS}/tbl?watch=true`, { accept });
    await w.until(1);
    await t.req(
      'PATCH',
      `${NS}/tbl`,
      { metadata: { labels: { a: 'b' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    const evs = await w.until(2);
    expect(evs[0]!.object.kind).toBe('Table');
    expect(evs[1]!.type).toBe('MODIFIED');
    expect(evs[1]!.object.rows![0]!.cells[0]).toBe('tbl');
    w.close();
  });

  it('serves watches through the legacy /watch/ prefix and rejects bad parameters before streaming', async () => {
    const w = await openWatch(`${t.url}/api/v1/watch/namespaces/watching/pods?resourceVersion=0`);
    expect((await w.until(1))[0]!.type).toBe('ADDED');
    w.close();
    expect((await t.req('GET', `${NS}?watch=true&resourceVersion=x`)).status).toBe(400);
    expect((await t.req('GET', `${NS}?watch=true&sendInitialEvents=true`)).status).toBe(400);
    expect(
      (await t.req('GET', `${NS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`)).status,
    ).toBe(400);
  });

  it('keeps serving watches from the cache after the store compacts', async () => {
    const rv = (await t.req('GET', NS)).body.metadata.resourceVersion;
    await etcdctl(t.etcd.endpoint, ['compact', rv]);
    const w = await openWatch(`${t.url}${NS}?watch=true&resourceVersion=${rv}`);
    await t.req('POST', NS, pod('after-compact'));
    const evs = await w.until(1);
    expect(evs[0]!.object.metadata.name).toBe('after-compact');
    w.close();
  });
});

describe('websocket', () => {
  it('serves the same watch over a WebSocket when the request upgrades', async () => {
    await t.req('POST', NS, pod('ws1'));
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}${NS}?watch=true&fieldSelector=metadata.name%3Dws1`);
    const got: Ev[] = [];
    ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString()) as Ev));
    await new Promise((r) => ws.once('open', r));
    for (let i = 0; i < 100 && got.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
    await t.req('DELETE', `${NS}/ws1`);
    for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED ws1', 'DELETED ws1']);
    ws.close();
  });

  it('sends an ERROR Status over the WebSocket for a bad request', async () => {
    const ws = new WebSocket(
      `${t.url.replace('http', 'ws')}${NS}?watch=true&labelSelector=${encodeURIComponent('a in (')}`,
    );
    const msg = await new Promise<Ev>((r) => ws.once('message', (d: Buffer) => r(JSON.parse(d.toString()) as Ev)));
    expect(msg).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 400 } });
  });
});

describe('watch metrics', () => {
  it('counts open watches', async () => {
    const w = await openWatch(`${t.url}/apis/apps/v1/deployments?watch=true`);
    const open = (await t.req('GET', '/metrics')).body as string;
    expect(open).toMatch(
      /^apiserver_longrunning_requests\{verb="WATCH",group="apps",version="v1",resource="deployments"\} 1$/m,
    );
    w.close();
    await w.ended;
    await new Promise((r) => setTimeout(r, 50));
    const closed = (await t.req('GET', '/metrics')).body as string;
    expect(closed).toMatch(
      /^apiserver_longrunning_requests\{verb="WATCH",group="apps",version="v1",resource="deployments"\} 0$/m,
    );
  });
});

describe('streaming lists', () => {
  it('sendInitialEvents=true sends the current state, then a bookmark marking its end, then changes', async () => {
    await t.req('POST', NS, pod('sie'));
    const w = await openWatch(
      `${t.url}${NS}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dsie`,
    );
    const [added, end] = await w.until(2);
    expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'sie' } } });
    expect(end).toMatchObject({
      type: 'BOOKMARK',
      object: { kind: 'Pod', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    expect(Number(end!.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(
      Number(added!.object.metadata.resourceVersion),
    );
    await t.req('DELETE', `${NS}/sie`);
    const evs = await w.until(3);
    expect(evs.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    w.close();
  });
});

describe('slow watchers', () => {
  it('closes a watch whose client does not read instead of buffering without bound', async () => {
    const s = await startTestServer({ watch: { maxBufferedBytes: 64 * 1024 } });
    try {
      const w = await openWatch(`${s.url}/api/v1/namespaces/default/configmaps?watch=true`);
      w.res.pause();
      const big = 'x'.repeat(512 * 1024);
      for (let i = 0; i < 24; i++)
        await s.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: `big-${i}` }, data: { big } });
      w.res.resume();
      await w.ended;
      expect(w.events.length).toBeLessThan(24);
      expect((await s.req('GET', '/api/v1/namespaces/default/configmaps')).body.items).toHaveLength(24);
    } finally {
      await s.stop();
    }
  });
});

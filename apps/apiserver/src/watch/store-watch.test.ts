/**
 * Events are not in the watch cache (kube-apiserver's default `--watch-cache-sizes`
 * events#0): their lists and watches are served from the store, with the same semantics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdctl } from '@wheelhouse/testing';
import { startTestServer, type TestServer } from '../harness.test-support.js';
import { openWatch } from './open-watch.test-support.js';

let t: TestServer;
const NS = 'ev-watch';
const EVENTS = `/api/v1/namespaces/${NS}/events`;

function event(name: string, about: string, reason = 'Started'): Record<string, unknown> {
  return {
    metadata: { name, namespace: NS },
    involvedObject: { kind: 'Pod', namespace: NS, name: about },
    reason,
    message: `${reason} ${about}`,
    type: 'Normal',
    count: 1,
  };
}

const names = (items: Array<{ metadata: { name?: string } }>): Array<string | undefined> =>
  items.map((i) => i.metadata.name);

beforeAll(async () => {
  t = await startTestServer({ watch: { bookmarkIntervalMs: 100 } });
  await t.req('POST', '/api/v1/namespaces', { metadata: { name: NS } });
});
afterAll(async () => {
  await t?.stop();
});

describe('events, served from the store', () => {
  it('are listed at every resourceVersion, and read one by one', async () => {
    await t.req('POST', EVENTS, event('e1', 'web-1'));
    for (const rv of ['', '0', '1']) {
      const list = await t.req('GET', `${EVENTS}?resourceVersion=${rv}`);
      expect(list.status).toBe(200);
      expect(names(list.body.items)).toContain('e1');
    }
    const one = await t.req('GET', `${EVENTS}/e1?resourceVersion=0`);
    expect(one.body.reason).toBe('Started');
  });

  it('pages with limit and continue, and says when a resourceVersion is ahead of the store', async () => {
    for (const n of ['p1', 'p2', 'p3']) await t.req('POST', EVENTS, event(n, 'web-2'));
    const first = await t.req('GET', `${EVENTS}?limit=2&resourceVersion=0`);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.metadata.continue).toBeTruthy();
    const rest = await t.req('GET', `${EVENTS}?limit=10&continue=${first.body.metadata.continue}`);
    expect([...names(first.body.items), ...names(rest.body.items)]).toEqual(['e1', 'p1', 'p2', 'p3']);
    const ahead = Number(first.body.metadata.resourceVersion) + 1000;
    const tooNew = await t.req('GET', `${EVENTS}?resourceVersion=${ahead}`);
    expect(tooNew.status).toBe(504);
    expect(tooNew.body.message).toMatch(new RegExp(`^Too large resource version: ${ahead}, current: \\d+$`));
  });

  it('watch from now: the current events as ADDED, then changes, with selectors translated', async () => {
    const w = await openWatch(`${t.url}${EVENTS}?watch=true&fieldSelector=involvedObject.name%3Dweb-3`);
    await t.req('POST', EVENTS, event('w1', 'web-3'));
    await t.req('POST', EVENTS, event('w2', 'web-4'));
    await t.req('PATCH', `${EVENTS}/w1`, { count: 2 }, { 'content-type': 'application/merge-patch+json' });
    // w2 enters the selector: ADDED; w1 leaves it: DELETED.
    await t.req(
      'PATCH',
      `${EVENTS}/w2`,
      { involvedObject: { name: 'web-3' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    await t.req('DELETE', `${EVENTS}/w2`);
    const evs = await w.until(4);
    expect(evs.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED w1',
      'MODIFIED w1',
      'ADDED w2',
      'DELETED w2',
    ]);
    const revs = evs.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
    w.close();
  });

  it('watch from a resourceVersion resumes after it; the initial state comes first from 0', async () => {
    const a = (await t.req('POST', EVENTS, event('r1', 'web-5'))).body;
    await t.req('POST', EVENTS, event('r2', 'web-5'));
    const w = await openWatch(
      `${t.url}${EVENTS}?watch=true&fieldSelector=involvedObject.name%3Dweb-5&resourceVersion=${a.metadata.resourceVersion}`,
    );
    const evs = await w.until(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(evs.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED r2']);
    w.close();
    const fromZero = await openWatch(
      `${t.url}${EVENTS}?watch=true&fieldSelector=involvedObject.name%3Dweb-5&resourceVersion=0`,
    );
    expect((await fromZero.until(2)).map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual([
      'ADDED r1',
      'ADDED r2',
    ]);
    fromZero.close();
  });

  it('sendInitialEvents ends the initial events with a bookmark; bookmarks name what was sent', async () => {
    await t.req('POST', EVENTS, event('b1', 'web-6'));
    const w = await openWatch(
      `${t.url}${EVENTS}?watch=true&fieldSelector=involvedObject.name%3Dweb-6&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1`,
    );
    const [added, end] = await w.until(2);
    expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b1' } } });
    expect(end).toMatchObject({
      type: 'BOOKMARK',
      object: { kind: 'Event', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } },
    });
    const later = (await t.req('POST', EVENTS, event('b2', 'web-6'))).body;
    await w.ended;
    const bookmarks = w.events.filter((e) => e.type === 'BOOKMARK').slice(1);
    expect(bookmarks.length).toBeGreaterThan(0);
    const last = bookmarks[bookmarks.length - 1]!;
    expect(Number(last.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(later.metadata.resourceVersion));
    expect(w.events.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`)).toContain('ADDED b2');
  });

  it('a watch from a compacted resourceVersion gets 410 Expired', async () => {
    const old = (await t.req('POST', EVENTS, event('c1', 'web-7'))).body.metadata.resourceVersion;
    await t.req('PATCH', `${EVENTS}/c1`, { count: 3 }, { 'content-type': 'application/merge-patch+json' });
    await t.req('POST', EVENTS, event('c2', 'web-7'));
    const now = (await t.req('GET', EVENTS)).body.metadata.resourceVersion;
    await etcdctl(t.etcd.endpoint, ['compact', now]);
    const w = await openWatch(`${t.url}${EVENTS}?watch=true&resourceVersion=${old}`);
    const [ev] = await w.until(1);
    expect(ev).toMatchObject({
      type: 'ERROR',
      object: {
        kind: 'Status',
        reason: 'Expired',
        code: 410,
        message: 'The resourceVersion for the provided watch is too old.',
      },
    });
    await w.ended;
  });
});

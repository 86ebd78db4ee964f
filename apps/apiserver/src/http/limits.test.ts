/**
 * Overload and time: --max-requests-inflight / --max-mutating-requests-inflight answer
 * 429 with Retry-After, watches excluded; --request-timeout (and `?timeout=`) answer 504,
 * body reading included; a body that stops arriving is cut off; oversized headers and
 * garbage get a Status. Small configured timeouts, no long waits.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startRealEtcd, until, type EtcdServer } from '@wheelhouse/testing';
import { buildApiServer, type ApiServer, type ApiServerConfig } from '../apiserver.js';
import { EtcdKv } from '../storage/etcd-kv.js';
import type { KvStore } from '../storage/kv.js';
import { pod } from '../harness.test-support.js';
import { rawConnect } from './raw-http.test-support.js';

const PODS = '/api/v1/namespaces/default/pods';

/** A store whose reads and creates wait while held: a slow store, on demand. */
class GatedKv implements KvStore {
  private gate: Promise<void> | undefined;
  private open: () => void = () => undefined;
  waiting = 0;

  constructor(private readonly inner: KvStore) {}

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.gate = undefined;
    this.open();
  }

  private async pass(): Promise<void> {
    if (!this.gate) return;
    this.waiting++;
    await this.gate;
    this.waiting--;
  }

  range: KvStore['range'] = async (o) => (await this.pass(), this.inner.range(o));
  create: KvStore['create'] = async (k, v) => (await this.pass(), this.inner.create(k, v));
  update: KvStore['update'] = (k, v, e) => this.inner.update(k, v, e);
  delete: KvStore['delete'] = (k, e) => this.inner.delete(k, e);
  watch: KvStore['watch'] = (p, r, h) => this.inner.watch(p, r, h);
  currentRevision: KvStore['currentRevision'] = () => this.inner.currentRevision();
  compact: KvStore['compact'] = (r) => this.inner.compact(r);
  progressReliable: KvStore['progressReliable'] = () => this.inner.progressReliable();
  close = (): void => this.inner.close();
}

let etcd: EtcdServer;
beforeAll(async () => {
  etcd = await startRealEtcd();
});
afterAll(async () => {
  await etcd?.stop();
});

interface Running {
  url: string;
  kv: GatedKv;
  server: ApiServer;
}
const running: Running[] = [];

async function start(config: Partial<ApiServerConfig>): Promise<Running> {
  const kv = new GatedKv(new EtcdKv([etcd.endpoint]));
  const server = buildApiServer({ kv, port: 0, logger: pino({ level: 'silent' }), ...config });
  const r = { url: await server.start(), kv, server };
  running.push(r);
  return r;
}

afterEach(async () => {
  for (const r of running.splice(0)) {
    r.kv.release();
    await r.server.stop();
    r.kv.close();
  }
});

/** POSTs a pod as JSON, as the client named by `userAgent`, into `namespace`. */
function create(s: Running, name: string, userAgent = 'limits-test/1.0', namespace = 'default'): Promise<Response> {
  return fetch(`${s.url}${PODS.replace('/namespaces/default/', `/namespaces/${namespace}/`)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify(pod(name)),
  });
}

/** The value of the sample of `metric` labelled request_kind="mutating" on /metrics. */
async function mutatingGauge(s: Running, metric: string): Promise<number> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{request_kind="mutating"}`));
  return Number(line?.split(' ')[1]);
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe('inflight limits without queuing (--enable-priority-and-fairness=false)', () => {
  it('answer 429 with Retry-After: 1 beyond the read-only limit, leave mutations and watches alone', async () => {
    const s = await start({ maxRequestsInflight: 1, maxMutatingRequestsInflight: 1, enablePriorityAndFairness: false });
    await create(s, 'p1');
    s.kv.hold();
    const slow = fetch(`${s.url}${PODS}/p1`);
    await until(() => s.kv.waiting === 1, 'the first read to reach the store');
    const refused = await fetch(`${s.url}${PODS}/p1`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await json(refused)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Too many requests, please try again later.',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 1 },
      code: 429,
    });
    // A watch is long-running: it takes no slot.
    const ac = new AbortController();
    const watch = await fetch(`${s.url}${PODS}?watch=true`, { signal: ac.signal });
    expect(watch.status).toBe(200);
    ac.abort();
    // Mutations have their own pool: a create gets in, the next one is refused.
    const creating = create(s, 'p2');
    await until(() => s.kv.waiting === 2, 'the create to reach the store (its own pool)');
    expect((await create(s, 'p3')).status).toBe(429);
    s.kv.release();
    expect((await slow).status).toBe(200);
    expect((await creating).status).toBe(201);
    expect((await fetch(`${s.url}${PODS}/p1`)).status).toBe(200);
  });

  it('hold a slot until the handler is done, even after a timeout answer', async () => {
    const s = await start({ maxRequestsInflight: 1, enablePriorityAndFairness: false });
    await create(s, 'p1');
    s.kv.hold();
    const timedOut = await fetch(`${s.url}${PODS}/p1?timeout=200ms`);
    expect(timedOut.status).toBe(504);
    expect(await json(timedOut)).toMatchObject({
      kind: 'Status',
      reason: 'Timeout',
      code: 504,
      message: 'Timeout: request did not complete within the allotted timeout',
    });
    // The first handler still waits on the store: its slot is taken (a free one would wait and time out).
    expect((await fetch(`${s.url}${PODS}/p1?timeout=200ms`)).status).toBe(429);
    s.kv.release();
    await until(async () => (await fetch(`${s.url}${PODS}/p1`)).status === 200, 'the slot to be free again');
  });
  it('count refused requests in apiserver_request_total with code 429 and their verb and resource', async () => {
    const s = await start({ maxRequestsInflight: 1, maxMutatingRequestsInflight: 1, enablePriorityAndFairness: false });
    await create(s, 'p1');
    s.kv.hold();
    const slowRead = fetch(`${s.url}${PODS}/p1`);
    const slowCreate = create(s, 'p2');
    await until(() => s.kv.waiting === 2, 'a read and a create to reach the store');
    expect((await fetch(`${s.url}${PODS}`)).status).toBe(429);
    expect((await fetch(`${s.url}/apis/apps/v1/namespaces/default/deployments/d`)).status).toBe(429);
    expect((await fetch(`${s.url}/api/v1/namespaces/default`)).status).toBe(429);
    expect((await create(s, 'p3')).status).toBe(429);
    s.kv.release();
    await Promise.all([slowRead, slowCreate]);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    const refused = metrics.split('\n').filter((l) => l.startsWith('apiserver_request_total') && l.includes('"429"'));
    expect(refused.sort()).toEqual([
      'apiserver_request_total{verb="GET",group="",version="v1",resource="namespaces",subresource="",code="429"} 1',
      'apiserver_request_total{verb="GET",group="apps",version="v1",resource="deployments",subresource="",code="429"} 1',
      'apiserver_request_total{verb="LIST",group="",version="v1",resource="pods",subresource="",code="429"} 1',
      'apiserver_request_total{verb="POST",group="",version="v1",resource="pods",subresource="",code="429"} 1',
    ]);
  });
});

describe('inflight limits with queuing (--enable-priority-and-fairness, the default)', () => {
  const LEASES = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
  const lease = (name: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name } }),
  });

  /** Records each response as "name status" in the order they come. */
  const responseOrder = () => {
    const order: string[] = [];
    const track = (name: string, p: Promise<Response>) =>
      p.then((r) => {
        order.push(`${name} ${r.status}`);
      });
    return { order, track };
  };

  it('make a request beyond the limit wait for a slot, heartbeats first, then in arrival order', async () => {
    const s = await start({ maxMutatingRequestsInflight: 1 });
    s.kv.hold();
    const { order, track } = responseOrder();
    const first = track('q1', create(s, 'q1'));
    await until(() => s.kv.waiting === 1, 'the first create to reach the store');
    const second = track('q2', create(s, 'q2'));
    await new Promise((r) => setTimeout(r, 100));
    const heartbeat = track('lease', fetch(`${s.url}${LEASES}`, lease('node-1')));
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual([]);
    s.kv.release();
    await Promise.all([first, second, heartbeat]);
    expect(order).toHaveLength(3);
    expect(order).toEqual(expect.arrayContaining(['q1 201', 'q2 201', 'lease 201']));
    // q2 came first, but the heartbeat took the freed slot before it.
    expect(order.indexOf('lease 201')).toBeLessThan(order.indexOf('q2 201'));
  });

  const KCM = 'kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/abc';
  it.each([
    ['two programs', 'bulk-loader/1.0', 'kubelet/v1.32.0 (linux/amd64) kubernetes/abc', 'a', 'default'],
    // kube-controller-manager's requests are told apart by namespace (kube's ByNamespace FlowSchema).
    [
      'one controller program in two namespaces',
      `${KCM}/node-controller`,
      `${KCM}/replicaset-controller`,
      'b',
      'kube-system',
    ],
  ])(
    "take waiting clients in turn, so one client's backlog does not hold another's request back (%s)",
    async (_, bulkAgent, otherAgent, prefix, otherNamespace) => {
      const s = await start({ maxMutatingRequestsInflight: 1 });
      s.kv.hold();
      const { order, track } = responseOrder();
      const first = track('bulk-0', create(s, `${prefix}-bulk-0`, bulkAgent));
      await until(() => s.kv.waiting === 1, 'the first create to reach the store');
      const backlog = [1, 2, 3, 4].map((i) => track(`bulk-${i}`, create(s, `${prefix}-bulk-${i}`, bulkAgent)));
      await until(
        async () => (await mutatingGauge(s, 'apiserver_current_inqueue_requests')) === 4,
        'the backlog to queue',
      );
      const kubelet = track('kubelet', create(s, `${prefix}-kubelet-pod`, otherAgent, otherNamespace));
      await until(
        async () => (await mutatingGauge(s, 'apiserver_current_inqueue_requests')) === 5,
        'the kubelet to queue',
      );
      expect(await mutatingGauge(s, 'apiserver_current_inflight_requests')).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
      s.kv.release();
      await Promise.all([first, kubelet, ...backlog]);
      // Their latency counts the wait for a slot: none of the six took under 100 ms.
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      const fast = metrics
        .split('\n')
        .find((l) => l.startsWith('apiserver_request_duration_seconds_bucket{le="0.1"') && l.includes('verb="POST"'));
      expect(fast?.split(' ')[1]).toBe('0');
      // Arrival order would put the kubelet last; in turn, it goes right after the bulk client's next.
      expect(order).toEqual(['bulk-0 201', 'bulk-1 201', 'kubelet 201', 'bulk-2 201', 'bulk-3 201', 'bulk-4 201']);
      // The gauge is the largest count of the last completed second: it falls to 0 a second after.
      await until(
        async () => (await mutatingGauge(s, 'apiserver_current_inqueue_requests')) === 0,
        'the queue gauge to fall',
      );
    },
  );

  it('refuse with 429 and Retry-After: 1 after the longest wait, and at once when the queue is full', async () => {
    const s = await start({ maxMutatingRequestsInflight: 1, inflightQueue: { waitMs: 300, maxQueued: 1 } });
    s.kv.hold();
    const first = create(s, 'r1');
    await until(() => s.kv.waiting === 1, 'the first create to reach the store');
    const waited = create(s, 'r2');
    await new Promise((r) => setTimeout(r, 50));
    const full = await create(s, 'r3');
    expect(full.status).toBe(429);
    const late = await waited;
    expect(late.status).toBe(429);
    expect(late.headers.get('retry-after')).toBe('1');
    expect(await json(late)).toMatchObject({ reason: 'TooManyRequests', code: 429 });
    s.kv.release();
    expect((await first).status).toBe(201);
    expect((await create(s, 'r4')).status).toBe(201);
  });
});

describe('request timeout', () => {
  it("answers a mutation past the deadline with the handlers' 504 and refuses a malformed ?timeout=", async () => {
    const s = await start({ requestTimeoutMs: 300 });
    s.kv.hold();
    const res = await create(s, 'late');
    expect(res.status).toBe(504);
    expect(await json(res)).toMatchObject({
      reason: 'Timeout',
      message: 'Timeout: request did not complete within requested timeout - context deadline exceeded',
      details: {},
    });
    s.kv.release();
    const bad = await fetch(`${s.url}${PODS}?timeout=soon`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).message).toBe(
      'invalid timeout specified in the request URL - time: invalid duration "soon"',
    );
  });

  it('cuts off a body that stops arriving: 504, connection closed, next request served', async () => {
    const s = await start({ requestTimeoutMs: 1000 });
    const c = rawConnect(s.url);
    await c.write(`POST ${PODS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
    const res = await c.response;
    expect(res.status).toBe(504);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', reason: 'Timeout', code: 504 });
    await c.closed;
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
  });

  it('leaves watches running past the deadline', async () => {
    const s = await start({ requestTimeoutMs: 1000 });
    const res = await fetch(`${s.url}${PODS}?watch=1`);
    const reader = res.body!.getReader();
    await create(s, 'w1');
    // A read started after the watch times out: by then the watch is past the deadline too.
    s.kv.hold();
    expect((await fetch(`${s.url}${PODS}/w1`)).status).toBe(504);
    s.kv.release();
    await create(s, 'w2');
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += new TextDecoder().decode(r.value);
      if (text.includes('"w2"')) break;
    }
    expect(text).toContain('"w1"');
    expect(text).toContain('"w2"');
    await reader.cancel();
  });
});

describe('what Node reads before a handler', () => {
  it('times out a request that never completes even without a request deadline', async () => {
    const s = await start({ requestTimeoutMs: 0, requestReadTimeoutMs: 400 });
    const c = rawConnect(s.url);
    await c.write(`POST ${PODS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
    const res = await c.response;
    expect(res.status).toBe(504);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', reason: 'Timeout' });
    await c.closed;
  });

  it('answers headers over 1 MiB with a 431 Status and garbage with a 400 Status', async () => {
    const s = await start({});
    const c = rawConnect(s.url);
    await c.write(`GET ${PODS}?labelSelector=${'a'.repeat(1024 * 1024 + 10)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    const res = await c.response;
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', code: 431, reason: 'RequestHeaderFieldsTooLarge' });
    const g = rawConnect(s.url);
    await g.write('NOT HTTP AT ALL\r\n\r\n');
    const garbage = await g.response;
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    // A long selector under the limit is served, as by kube-apiserver (1 MiB of headers).
    const long = await fetch(`${s.url}${PODS}?labelSelector=a%3D${'b'.repeat(60)}&x=${'y'.repeat(100_000)}`);
    expect(long.status).toBe(200);
  });
});

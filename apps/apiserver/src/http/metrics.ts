/**
 * /metrics in Prometheus text (prom-client, one registry per server): requests by verb,
 * resource and code with latency histograms, open watches, and cached objects per
 * resource. Metric names follow kube-apiserver's.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WatchCache } from '../watch/watch-cache.js';

/** What the request hooks need to label a request. */
export interface RequestLabels {
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
}

/** The two inflight pools, as kube-apiserver's request_kind label names them. */
export type RequestKind = 'readOnly' | 'mutating';

const REQUEST_KINDS: readonly RequestKind[] = ['readOnly', 'mutating'];

/** The apiserver's metrics. */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'apiserver_request_total',
    help: 'Requests by verb, group, version, resource, subresource and HTTP code.',
    labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'code'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Response latency by verb, group, version, resource and subresource (watches excluded).',
    labelNames: ['verb', 'group', 'version', 'resource', 'subresource'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  /** Per label set, the counter and histogram children (prom-client hashes a label object on every call otherwise). */
  private readonly children = new Map<
    string,
    { count: Map<number, { inc(): void }>; latency: { observe(v: number): void } }
  >();
  private readonly watches = new Gauge({
    name: 'apiserver_longrunning_requests',
    help: 'Open watch requests by group, version and resource.',
    labelNames: ['verb', 'group', 'version', 'resource'],
    registers: [this.registry],
  });

  constructor(cache: WatchCache) {
    new Gauge({
      name: 'apiserver_storage_objects',
      help: 'Objects in the watch cache per resource.',
      labelNames: ['resource'],
      registers: [this.registry],
      collect() {
        for (const [resource, n] of Object.entries(cache.sizes())) this.set({ resource }, n);
      },
    });
  }

  /** Records one finished request. */
  observe(l: RequestLabels, code: number, seconds: number): void {
    const key = `${l.verb} ${l.group} ${l.version} ${l.resource} ${l.subresource}`;
    let c = this.children.get(key);
    if (!c) this.children.set(key, (c = { count: new Map(), latency: this.latency.labels(l) }));
    let counter = c.count.get(code);
    if (!counter) c.count.set(code, (counter = this.requests.labels({ ...l, code: String(code) })));
    counter.inc();
    if (l.verb !== 'WATCH') c.latency.observe(seconds);
  }

  /**
   * Exposes the inflight pools as kube-apiserver does: apiserver_current_inflight_requests
   * (holding a slot) and apiserver_current_inqueue_requests (waiting for one), each by
   * request_kind, readOnly or mutating, as the largest count of the last completed second.
   */
  pools(inflight: (kind: RequestKind) => number, queued: (kind: RequestKind) => number): void {
    const gauge = (name: string, help: string, read: (kind: RequestKind) => number): void =>
      void new Gauge({
        name,
        help,
        labelNames: ['request_kind'],
        registers: [this.registry],
        collect() {
          for (const kind of REQUEST_KINDS) this.set({ request_kind: kind }, read(kind));
        },
      });
    gauge(
      'apiserver_current_inflight_requests',
      'Maximal number of currently used inflight request limit of this apiserver per request kind in last second.',
      inflight,
    );
    gauge(
      'apiserver_current_inqueue_requests',
      'Maximal number of queued requests in this apiserver per request kind in last second.',
      queued,
    );
  }

  /** Counts a request refused before any handler ran (kube's dropped requests: no latency observed). */
  refused(l: RequestLabels, code: number): void {
    this.requests.inc({ ...l, code: String(code) });
  }

  /** Counts an open watch; call the returned function when it ends. */
  watchStarted(l: RequestLabels): () => void {
    const labels = { verb: 'WATCH', group: l.group, version: l.version, resource: l.resource };
    this.watches.inc(labels);
    return () => this.watches.dec(labels);
  }
}

const LABELS = Symbol('requestLabels');
type Labelled = FastifyRequest & { [LABELS]?: RequestLabels; startedAt?: bigint };

/** Attaches the labels of an API request (set by the group routes). */
export function labelRequest(req: FastifyRequest, l: RequestLabels): void {
  (req as Labelled)[LABELS] = l;
}

/**
 * Stamps each request's arrival, from which its latency is measured. Install it before the
 * inflight limit, so a request's time waiting in a queue counts, as kube-apiserver counts it.
 */
export function timeRequests(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    (req as Labelled).startedAt = process.hrtime.bigint();
    done();
  });
}

/** Registers /metrics and the hook that records every API request timed by {@link timeRequests}. */
export function installMetrics(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', (req, reply, done) => {
    const r = req as Labelled;
    const l = r[LABELS];
    if (l && r.startedAt !== undefined)
      metrics.observe(l, reply.statusCode, Number(process.hrtime.bigint() - r.startedAt) / 1e9);
    done();
  });
  app.get('/metrics', async (_req, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}

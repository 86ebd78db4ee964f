/**
 * --max-requests-inflight and --max-mutating-requests-inflight: two pools (read-only: get,
 * list; mutating: the rest), long-running requests (watches) counted in neither. A request
 * holds its slot until both its response has ended and its handler has returned, so work
 * that goes on after a timeout answer still counts. A limit of 0 means no limit.
 *
 * Beyond its pool's limit a request is, as kube-apiserver does:
 * - without queuing (--enable-priority-and-fairness=false, WithMaxInFlightLimit): refused at
 *   once with 429 and `Retry-After: 1`;
 * - with queuing (the default; the shape of API Priority and Fairness): queued until a slot
 *   of its pool frees, heartbeats first (Leases and Nodes: APF's leader-election and
 *   node-high levels), then fairly among flows (APF's fair queuing: each flow, a client's
 *   program and for controllers the namespace (see flowOf), in turn; each flow's own
 *   requests in arrival order); refused with that 429 when it has waited `queueWaitMs` (APF's
 *   15 s) or when `maxQueued` requests already wait.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { tooManyRequests } from '../errors.js';
import { updateManager } from '../handlers/managed-fields.js';
import { FairQueue } from './fair-queue.js';
import { Watermark } from './watermark.js';
import type { ApiMetrics, RequestKind } from './metrics.js';
import { isLongRunning, isMutating, requestLabelsOf } from './request-class.js';

/** The two limits (0 disables one) and how requests beyond them wait. */
export interface InflightLimits {
  readOnly: number;
  mutating: number;
  /** Queue requests beyond a limit instead of refusing them at once (default false). */
  queue?: boolean;
  /** Longest wait in a queue before a 429 (ms; default 15 000). */
  queueWaitMs?: number;
  /** Requests that may wait per pool; more are refused at once (default 6400: APF's 128 queues of 50). */
  maxQueued?: number;
}

type Pool = RequestKind;

/** A request waiting for a slot. */
interface Waiter {
  req: FastifyRequest;
  reply: FastifyReply;
  admit(): void;
  refuse(): void;
}

/** Seconds a refused client is asked to wait (kube-apiserver's constant). */
export const INFLIGHT_RETRY_AFTER_SECONDS = 1;

interface Slot {
  responseOpen: boolean;
  handlers: number;
  release(): void;
}

/** Heartbeats, dispatched before everything else waiting (APF's leader-election and node-high levels). */
function isHeartbeat(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0]!;
  return path.startsWith('/apis/coordination.k8s.io/') || /^\/api\/v1\/nodes(\/|$)/.test(path);
}

/**
 * Programs whose requests kube's default FlowSchemas (kube-controller-manager, kube-scheduler,
 * kube-system-service-accounts) tell apart by the request's namespace (ByNamespace).
 */
const BY_NAMESPACE = new Set(['kube-controller-manager', 'kube-scheduler']);

/**
 * The flow a request counts against in fair queuing, as kube's default FlowSchemas tell flows
 * apart, with the User-Agent's program name standing for the user until requests carry one:
 * the program (system-nodes and global-default: ByUser), and for kube-controller-manager and
 * kube-scheduler the request's namespace too (ByNamespace: every controller of one program
 * writing in one namespace shares a flow).
 */
function flowOf(req: FastifyRequest): string {
  const program = updateManager(undefined, req.headers['user-agent']);
  if (!BY_NAMESPACE.has(program)) return program;
  const ns = /^\/apis?\/(?:[^/]+\/)?[^/]+\/namespaces\/([^/?]+)\//.exec(req.url)?.[1] ?? '';
  return `${program} ${ns}`;
}

/** Counts requests in flight; installInflightLimit wires it into a fastify app. */
class InflightPools {
  private readonly inUse = { readOnly: 0, mutating: 0 };
  private readonly slots = new WeakMap<FastifyRequest, Slot>();
  /** Waiting requests by pool: heartbeats, then the rest, each fairly among clients. */
  private readonly waiting: Record<Pool, { high: FairQueue<Waiter>; low: FairQueue<Waiter> }> = {
    readOnly: { high: new FairQueue(), low: new FairQueue() },
    mutating: { high: new FairQueue(), low: new FairQueue() },
  };

  /** High-water marks of the requests holding a slot of each pool, and waiting for one, per second. */
  readonly marks: Record<Pool, { inflight: Watermark; queued: Watermark }> = {
    readOnly: { inflight: new Watermark(), queued: new Watermark() },
    mutating: { inflight: new Watermark(), queued: new Watermark() },
  };

  /** Records `pool`'s counts in its watermarks after a change. */
  private note(pool: Pool): void {
    const w = this.waiting[pool];
    this.marks[pool].inflight.set(this.inUse[pool]);
    this.marks[pool].queued.set(w.high.size + w.low.size);
  }

  constructor(private readonly limits: InflightLimits) {}

  /** The pool of `req`. */
  poolOf(req: FastifyRequest): Pool {
    return isMutating(req.method) ? 'mutating' : 'readOnly';
  }

  /** True when `pool` has a free slot and nobody waits for one. */
  free(pool: Pool): boolean {
    const max = this.limits[pool];
    const w = this.waiting[pool];
    return (max === 0 || this.inUse[pool] < max) && w.high.size + w.low.size === 0;
  }

  /**
   * Queues `req` until a slot of its pool frees (then `admit`), or refuses it (`refuse`)
   * after `queueWaitMs`, at once when `maxQueued` wait already, or when its client leaves.
   */
  enqueue(req: FastifyRequest, reply: FastifyReply, admit: () => void, refuse: () => void): void {
    const pool = this.poolOf(req);
    const w = this.waiting[pool];
    if (w.high.size + w.low.size >= (this.limits.maxQueued ?? 6400)) return refuse();
    const queue = isHeartbeat(req) ? w.high : w.low;
    const flow = flowOf(req);
    let timer: NodeJS.Timeout | undefined = undefined;
    const leave = (): boolean => {
      if (!queue.remove(flow, waiter)) return false;
      this.note(pool);
      clearTimeout(timer);
      reply.raw.off('close', gone);
      return true;
    };
    const gone = (): void => void (leave() && refuse());
    const waiter: Waiter = {
      req,
      reply,
      admit: () => {
        clearTimeout(timer);
        reply.raw.off('close', gone);
        admit();
      },
      refuse,
    };
    queue.push(flow, waiter);
    this.note(pool);
    timer = setTimeout(gone, this.limits.queueWaitMs ?? 15_000);
    timer.unref();
    reply.raw.once('close', gone);
  }

  /** Takes a slot for `req`, or returns false when its pool is full. */
  acquire(req: FastifyRequest, reply: FastifyReply): boolean {
    const pool = this.poolOf(req);
    const max = this.limits[pool];
    if (max > 0 && this.inUse[pool] >= max) return false;
    this.take(pool, req, reply);
    return true;
  }

  /** Hands freed slots of `pool` to waiting requests, heartbeats first. */
  private dispatch(pool: Pool): void {
    const w = this.waiting[pool];
    const max = this.limits[pool];
    while ((max === 0 || this.inUse[pool] < max) && w.high.size + w.low.size > 0) {
      const next = (w.high.size > 0 ? w.high : w.low).shift()!;
      this.take(pool, next.req, next.reply);
      next.admit();
    }
    this.note(pool);
  }

  private take(pool: Pool, req: FastifyRequest, reply: FastifyReply): void {
    this.inUse[pool]++;
    this.note(pool);
    let released = false;
    const slot: Slot = {
      responseOpen: true,
      handlers: 0,
      release: () => {
        if (released || slot.responseOpen || slot.handlers > 0) return;
        released = true;
        this.inUse[pool]--;
        this.dispatch(pool);
      },
    };
    this.slots.set(req, slot);
    reply.raw.once('close', () => {
      slot.responseOpen = false;
      slot.release();
    });
  }

  /** Wraps a route handler so the request's slot is held until the handler's promise settles. */
  track(handler: RouteHandlerMethod): RouteHandlerMethod {
    const slots = this.slots;
    return function (this: FastifyInstance, req, reply) {
      const slot = slots.get(req);
      const out = handler.call(this, req, reply) as unknown;
      if (slot && out instanceof Promise) {
        slot.handlers++;
        const done = (): void => {
          slot.handlers--;
          slot.release();
        };
        out.then(done, done);
      }
      return out as ReturnType<RouteHandlerMethod>;
    };
  }
}

/**
 * Installs the limits on `app`. Call it before any route is registered: handlers are
 * wrapped as routes are added. A refused request is counted in `metrics`
 * (apiserver_request_total, code 429) under the labels its method and path give, as
 * kube-apiserver counts its dropped requests.
 */
export function installInflightLimit(app: FastifyInstance, limits: InflightLimits, metrics: ApiMetrics): void {
  const pools = new InflightPools(limits);
  metrics.pools(
    (kind) => pools.marks[kind].inflight.read(),
    (kind) => pools.marks[kind].queued.read(),
  );
  app.addHook('onRoute', (route) => {
    route.handler = pools.track(route.handler);
  });
  app.addHook('onRequest', (req, reply, done) => {
    if (isLongRunning(req)) return done();
    const refuse = (): void => {
      metrics.refused(requestLabelsOf(req), 429);
      done(tooManyRequests(INFLIGHT_RETRY_AFTER_SECONDS));
    };
    if (limits.queue && !pools.free(pools.poolOf(req))) return pools.enqueue(req, reply, () => done(), refuse);
    if (pools.acquire(req, reply)) return done();
    refuse();
  });
}

/**
 * --max-requests-inflight and --max-mutating-requests-inflight, as kube-apiserver's
 * WithMaxInFlightLimit applies them: two pools (read-only: get, list; mutating: the
 * rest), long-running requests (watches) counted in neither, and a request beyond its
 * pool's limit refused at once with 429 and `Retry-After: 1`. A request holds its slot
 * until both its response has ended and its handler has returned, so work that goes on
 * after a timeout answer still counts. A limit of 0 means no limit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { tooManyRequests } from '../errors.js';
import type { ApiMetrics } from './metrics.js';
import { isLongRunning, isMutating, requestLabelsOf } from './request-class.js';

/** The two limits; 0 disables one. */
export interface InflightLimits {
  readOnly: number;
  mutating: number;
}

/** Seconds a refused client is asked to wait (kube-apiserver's constant). */
export const INFLIGHT_RETRY_AFTER_SECONDS = 1;

interface Slot {
  responseOpen: boolean;
  handlers: number;
  release(): void;
}

/** Counts requests in flight; installInflightLimit wires it into a fastify app. */
class InflightPools {
  private readonly inUse = { readOnly: 0, mutating: 0 };
  private readonly slots = new WeakMap<FastifyRequest, Slot>();

  constructor(private readonly limits: InflightLimits) {}

  /** Takes a slot for `req`, or returns false when its pool is full. */
  acquire(req: FastifyRequest, reply: FastifyReply): boolean {
    const pool = isMutating(req.method) ? 'mutating' : 'readOnly';
    const max = this.limits[pool];
    if (max > 0 && this.inUse[pool] >= max) return false;
    this.inUse[pool]++;
    let released = false;
    const slot: Slot = {
      responseOpen: true,
      handlers: 0,
      release: () => {
        if (released || slot.responseOpen || slot.handlers > 0) return;
        released = true;
        this.inUse[pool]--;
      },
    };
    this.slots.set(req, slot);
    reply.raw.once('close', () => {
      slot.responseOpen = false;
      slot.release();
    });
    return true;
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
  app.addHook('onRoute', (route) => {
    route.handler = pools.track(route.handler);
  });
  app.addHook('onRequest', (req, reply, done) => {
    if (isLongRunning(req) || pools.acquire(req, reply)) return done();
    metrics.refused(requestLabelsOf(req), 429);
    done(tooManyRequests(INFLIGHT_RETRY_AFTER_SECONDS));
  });
}

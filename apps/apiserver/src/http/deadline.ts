/**
 * --request-timeout, as kube-apiserver's WithRequestDeadline and timeout filter apply it
 * to every request that is not long-running: the deadline runs from the request's arrival,
 * so it covers reading the body; `?timeout=` (a Go duration) may shorten it, never
 * lengthen it. At the deadline the client gets a 504 Timeout Status (or, if the response
 * had already started, a closed connection); a body still arriving is cut off by closing
 * the connection. The handler is not stopped: as in kube, work under way may still finish.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, requestTimedOut } from '../errors.js';
import { parseGoDuration } from '@wheelhouse/machinery';
import { param, type Query } from './query.js';
import { isLongRunning, isMutating } from './request-class.js';

/** The deadline of one request in ms: the server's, or a shorter positive `?timeout=`; 0 = none. Throws 400. */
export function requestDeadlineMs(q: Query, serverMs: number): number {
  const value = param(q, 'timeout');
  if (value === undefined || value === '') return serverMs;
  let user: number;
  try {
    user = parseGoDuration(value);
  } catch (err) {
    throw badRequest(`invalid timeout specified in the request URL - ${(err as Error).message}`, err);
  }
  return user > 0 && (serverMs <= 0 || user < serverMs) ? user : serverMs;
}

function expire(req: FastifyRequest, reply: FastifyReply): void {
  const cutBody = !req.raw.complete;
  if (reply.sent || reply.raw.headersSent) {
    if (!reply.raw.writableEnded) reply.raw.destroy();
    return;
  }
  if (cutBody) {
    void reply.header('connection', 'close');
    reply.raw.once('finish', () => req.raw.socket?.destroy());
  }
  void reply.send(requestTimedOut(isMutating(req.method)));
}

/** Installs the request deadline on `app`. With `serverMs` 0 only a positive `?timeout=` sets one. */
export function installRequestDeadline(app: FastifyInstance, serverMs: number): void {
  app.addHook('onRequest', (req, reply, done) => {
    if (isLongRunning(req)) return done();
    let ms: number;
    try {
      ms = requestDeadlineMs(req.query as Query, serverMs);
    } catch (err) {
      return done(err as Error);
    }
    if (ms > 0) {
      const timer = setTimeout(() => expire(req, reply), ms);
      reply.raw.once('close', () => clearTimeout(timer));
    }
    done();
  });
}

/**
 * Checks every API request (under /api and /apis) gets before its handler runs, where
 * kube-apiserver makes them before its handlers act: the Content-Type the verb accepts
 * (415), a resourceVersion that is a uint64 (400), a fieldManager of at most 128
 * printable bytes (422 on Create/Update/PatchOptions), and an int64 gracePeriodSeconds
 * on a DELETE without a body (400; with a body kube reads DeleteOptions from it alone).
 */
import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
import { checkContentType } from './content-type.js';
import { checkFieldManager, checkResourceVersion, intParam, param, type Query } from './query.js';

const OPTIONS_KIND: Readonly<Record<string, string>> = {
  POST: 'CreateOptions',
  PUT: 'UpdateOptions',
  PATCH: 'PatchOptions',
};

function hasBody(req: FastifyRequest): boolean {
  return Buffer.isBuffer(req.body) && req.body.length > 0;
}

/** Throws the ApiError kube-apiserver would answer `req` with before running a handler, if any. */
export function checkApiRequest(req: FastifyRequest): void {
  const q = req.query as Query;
  checkContentType(req.method, req.headers['content-type'], hasBody(req));
  const rv = param(q, 'resourceVersion');
  if (rv !== undefined && req.method === 'GET') checkResourceVersion(rv);
  const optionsKind = OPTIONS_KIND[req.method];
  if (optionsKind) checkFieldManager(q, optionsKind);
  if (req.method === 'DELETE' && !hasBody(req)) intParam(q, 'gracePeriodSeconds');
}

/** checkApiRequest as a preHandler hook. */
export const apiRequestChecks: preHandlerHookHandler = (req, _reply, done) => {
  try {
    checkApiRequest(req);
  } catch (err) {
    return done(err as Error);
  }
  done();
};

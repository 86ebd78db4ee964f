/**
 * Every refusal as a Kubernetes Status: errors thrown by handlers and hooks, the errors
 * fastify raises itself (body too large, bad Content-Type syntax, malformed URL), and the
 * ones Node's HTTP parser reports on the raw socket (headers too large, request not
 * received in time, malformed HTTP). Status codes and reasons come from errors.ts;
 * `Retry-After` is set from `details.retryAfterSeconds`, as kube-apiserver does.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  ApiError,
  badRequest,
  entityTooLarge,
  headersTooLarge,
  internalError,
  REASONS,
  requestTimedOut,
  unsupportedMediaType,
  type Reason,
} from '../errors.js';
import { MAX_BODY_BYTES } from './body.js';
import { BODY_MEDIA_TYPES, PATCH_MEDIA_TYPES } from './content-type.js';

function reasonFor(status: number): Reason {
  return (Object.keys(REASONS) as Reason[]).find((r) => REASONS[r] === status) ?? 'BadRequest';
}

/** The ApiError for anything thrown while serving `method`. Errors other than ApiErrors and fastify's 4xx become 500. */
export function toApiError(err: unknown, method: string): ApiError {
  if (err instanceof ApiError) return err;
  const { code, statusCode } = err as { code?: string; statusCode?: number };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return entityTooLarge(MAX_BODY_BYTES);
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return unsupportedMediaType(method === 'PATCH' ? PATCH_MEDIA_TYPES : BODY_MEDIA_TYPES);
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500)
    return new ApiError(reasonFor(statusCode), (err as Error).message, undefined, { cause: err });
  return internalError(err);
}

/** Sends `err` as a Status on `reply`; a reply already sent (e.g. after a timeout) is left alone. */
export function sendError(log: Logger, err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const apiErr = toApiError(err, req.method);
  if (apiErr.code >= 500) log.error({ err: apiErr.cause ?? err }, 'request failed');
  if (reply.sent) {
    log.debug({ err, method: req.method, url: req.url }, 'error after the response was sent');
    return reply;
  }
  const retry = apiErr.details?.retryAfterSeconds;
  if (retry) void reply.header('retry-after', String(retry));
  return reply.code(apiErr.code).type('application/json').send(apiErr.toStatus());
}

/** fastify's `frameworkErrors`: malformed URLs and over-long paths, answered before routing. */
export function frameworkError(err: Error, _req: FastifyRequest, reply: FastifyReply): void {
  const status = badRequest(err.message, err);
  void reply.code(status.code).type('application/json').send(status.toStatus());
}

function clientErrorStatus(code: string | undefined): ApiError {
  if (code === 'HPE_HEADER_OVERFLOW') return headersTooLarge();
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return requestTimedOut(false);
  return badRequest('the request could not be read as HTTP/1.1');
}

/**
 * fastify's `clientErrorHandler` (Node's 'clientError'): answers with a Status and closes
 * the connection, unless a response has already started on it.
 */
export function clientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy(err);
    return;
  }
  const status = clientErrorStatus(err.code);
  const body = JSON.stringify(status.toStatus());
  const head = [
    `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code] ?? ''}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

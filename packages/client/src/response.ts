import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream';
import type { Status } from '@wheelhouse/api';
import { ApiError, apiErrorFromStatus, isStatus } from './api-errors.js';

/** The seconds a 429 or 5xx answer's Retry-After header asked to wait, by error (client-go's checkWait). */
const serverWaits = new WeakMap<ApiError, number>();

/** client-go's retryAfterSeconds: whole seconds only (an HTTP date is ignored); negative means now. */
function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^[+-]?\d+$/.test(value.trim()) ? Math.max(0, Number(value)) : undefined;
}

/** The wait the server asked for before the request may be sent again, if it did. */
export function serverWait(err: unknown): number | undefined {
  return err instanceof ApiError ? serverWaits.get(err) : undefined;
}

/** The whole body of a response, as UTF-8 text. */
export function readBody(res: IncomingMessage): Promise<string> {
  // Listeners and stream.finished, not `for await`: every request reads a body, and the async
  // iterator costs a promise per chunk. finished() rejects an answer cut off before its end.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    finished(res, (err) => {
      if (err) reject(err);
      else resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function statusOf(code: number, text: string): Status {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed)) return parsed;
  return { kind: 'Status', status: 'Failure', message: text.trim().slice(0, 500) || `status ${code}`, code };
}

/**
 * Turns a failed response into the typed ApiError its Status describes. A Retry-After header
 * fills `details.retryAfterSeconds` when the body gave none; on a 429 or 5xx it also marks
 * the error as one the server asked to retry (client-go retries those, any verb).
 */
export function errorFromResponse(res: IncomingMessage, text: string): ApiError {
  const code = res.statusCode ?? 0;
  const status = statusOf(code, text);
  const wait = parseRetryAfter(res.headers['retry-after']);
  if (wait !== undefined && status.details?.retryAfterSeconds === undefined) {
    status.details = { ...status.details, retryAfterSeconds: wait };
  }
  const err = apiErrorFromStatus(status, code);
  if (wait !== undefined && (code === 429 || code >= 500)) serverWaits.set(err, wait);
  return err;
}

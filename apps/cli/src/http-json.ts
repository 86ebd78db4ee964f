/** Small JSON requests over node:http for the plane's own APIs. */
import { request } from 'node:http';

/** The status and parsed body of an answer (`undefined` when the body is not JSON). */
export interface JsonAnswer {
  status: number;
  json: unknown;
}

/**
 * Sends `method url` with `body` as JSON (if given) and resolves the answer; rejects when the
 * server cannot be reached or does not answer within `timeoutMs`. Plain node:http rather than
 * fetch: `up` calls this as the plane comes up, and loading undici costs about 0.1 s of CPU.
 */
export function httpJson(url: string, method: string, body?: unknown, timeoutMs = 10_000): Promise<JsonAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        timeout: timeoutMs,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

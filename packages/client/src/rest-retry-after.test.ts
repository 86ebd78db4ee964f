// Retry-After handling of the REST client against real HTTP servers (node:http, in-process),
// on fake time and on the real clock.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, until } from '@wheelhouse/testing';
import { ApiError, ServerTimeoutError, TooManyRequestsError, retryAfterSeconds } from './api-errors.js';
import { RestClient, type RestClientOptions } from './rest-client.js';

const silent = pino({ level: 'silent' });

/** One answer of the scripted server: status, Retry-After header (if any) and body. */
interface Answer {
  code: number;
  retryAfter?: string;
  body?: unknown;
}

const throttled = (retryAfter?: string): Answer => ({
  code: 429,
  ...(retryAfter !== undefined ? { retryAfter } : {}),
  body: {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason: 'TooManyRequests',
    message: 'too many requests, please try again later',
    code: 429,
  },
});
const ok: Answer = { code: 200, body: { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'default' } } };

/** An HTTP server answering from `script` in order (the last answer repeats); records each request. */
async function scripted(script: Answer[]): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const answer = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    requests.push(`${req.method} ${req.url}${body ? ` ${body}` : ''}`);
    const a = script[Math.min(requests.length - 1, script.length - 1)]!;
    res.writeHead(a.code, {
      'content-type': 'application/json',
      ...(a.retryAfter !== undefined ? { 'retry-after': a.retryAfter } : {}),
    });
    res.end(a.body === undefined ? '' : JSON.stringify(a.body));
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => answer(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  script: Answer[],
  options: Partial<RestClientOptions> = {},
): Promise<{ client: RestClient; requests: string[] }> {
  const server = await scripted(script);
  const client = new RestClient({ server: server.url, logger: silent, ...options });
  cleanups.push(server.close, () => client.close());
  return { client, requests: server.requests };
}

/** Waits until the client sent `n` requests and sleeps on the fake clock (a retry is pending). */
async function waitingAfter(n: number, requests: string[], clock: FakeClock): Promise<void> {
  await until(
    () => requests.length === n && clock.pendingTimers() === 1,
    `request ${n} answered and a retry scheduled`,
  );
}

describe('Retry-After on fake time', () => {
  it('waits the seconds a 429 asks for, then sends the request again', async () => {
    const clock = new FakeClock(0);
    const { client, requests } = await setup([throttled('3'), throttled('1'), ok], { clock });
    let done = false;
    const got = client
      .resource('namespaces')
      .get('default')
      .then((ns) => ((done = true), ns));
    await waitingAfter(1, requests, clock);
    await clock.advance(2_999);
    expect(requests).toHaveLength(1);
    await clock.advance(1);
    await waitingAfter(2, requests, clock);
    expect(done).toBe(false);
    await clock.advance(1_000);
    expect((await got).metadata.name).toBe('default');
    expect(requests).toEqual(Array(3).fill('GET /api/v1/namespaces/default'));
  });

  it('retries any verb the server answered with 503 and Retry-After, sending the same body', async () => {
    const clock = new FakeClock(0);
    const unavailable: Answer = {
      code: 503,
      retryAfter: '1',
      body: {
        kind: 'Status',
        status: 'Failure',
        message: 'the server is currently unable to handle the request',
        code: 503,
      },
    };
    const created = {
      code: 201,
      body: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x', namespace: 'default' } },
    };
    const { client, requests } = await setup([unavailable, created], { clock });
    const creating = client.resource('configmaps', 'default').create({ metadata: { name: 'x' }, data: { a: 'b' } });
    await waitingAfter(1, requests, clock);
    await clock.advance(1_000);
    expect((await creating).metadata.name).toBe('x');
    expect(requests).toHaveLength(2);
    expect(requests[1]).toBe(requests[0]);
    expect(requests[0]).toContain('"data":{"a":"b"}');
  });

  it('gives up after maxRetries and rejects with the last typed error, carrying retryAfterSeconds', async () => {
    const clock = new FakeClock(0);
    const { client, requests } = await setup([throttled('2')], { clock, maxRetries: 2 });
    const failed = client
      .resource('namespaces')
      .get('default')
      .catch((e: unknown) => e);
    for (let n = 1; n <= 2; n++) {
      await waitingAfter(n, requests, clock);
      await clock.advance(2_000);
    }
    const err = await failed;
    expect(requests).toHaveLength(3);
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect(retryAfterSeconds(err)).toBe(2);
  });

  it('rejects an abort during the wait with the abort reason and sends nothing more', async () => {
    const clock = new FakeClock(0);
    const { client, requests } = await setup([throttled('5'), ok], { clock });
    const ac = new AbortController();
    const got = client
      .resource('namespaces')
      .get('default', { signal: ac.signal })
      .catch((e: unknown) => e);
    await waitingAfter(1, requests, clock);
    ac.abort(new Error('stopped'));
    expect(await got).toMatchObject({ message: 'stopped' });
    expect(clock.pendingTimers()).toBe(0);
    expect(requests).toHaveLength(1);
  });
});

describe('answers that are not retried', () => {
  it('surfaces a wait longer than maxRetryAfterSeconds at once, with the wait in the typed error', async () => {
    const { client, requests } = await setup([throttled('120'), ok], { maxRetryAfterSeconds: 60 });
    const err = await client
      .resource('namespaces')
      .get('default')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect(retryAfterSeconds(err)).toBe(120);
    expect(requests).toHaveLength(1);
  });

  it('does not retry a 429 or 5xx without Retry-After, nor one whose Retry-After is a date', async () => {
    const dated = await setup([throttled('Wed, 21 Oct 2026 07:28:00 GMT'), ok]);
    expect(
      await dated.client
        .resource('namespaces')
        .get('default')
        .catch((e: unknown) => e),
    ).toBeInstanceOf(TooManyRequestsError);
    expect(dated.requests).toHaveLength(1);

    const timeout: Answer = {
      code: 504,
      body: { kind: 'Status', status: 'Failure', reason: 'ServerTimeout', message: 'timed out', code: 504 },
    };
    const bare = await setup([timeout, ok]);
    expect(
      await bare.client
        .resource('namespaces')
        .get('default')
        .catch((e: unknown) => e),
    ).toBeInstanceOf(ServerTimeoutError);
    expect(bare.requests).toHaveLength(1);
  });

  it('never retries other codes, even with Retry-After; the header still fills retryAfterSeconds', async () => {
    const conflict: Answer = {
      code: 409,
      retryAfter: '1',
      body: { kind: 'Status', status: 'Failure', reason: 'Conflict', message: 'conflict', code: 409 },
    };
    const { client, requests } = await setup([conflict, ok]);
    const err = await client
      .resource('namespaces')
      .get('default')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(retryAfterSeconds(err)).toBe(1);
    expect(requests).toHaveLength(1);
  });
});

describe('retry options', () => {
  it('rejects a negative or fractional maxRetries and a negative maxRetryAfterSeconds', () => {
    expect(() => new RestClient({ server: 'http://127.0.0.1:1', maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => new RestClient({ server: 'http://127.0.0.1:1', maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(() => new RestClient({ server: 'http://127.0.0.1:1', maxRetryAfterSeconds: -1 })).toThrow(
      /maxRetryAfterSeconds/,
    );
  });
});

describe('Retry-After on the real clock', () => {
  it('retries a 429 with Retry-After: 1 from a real server, GET and watch alike', async () => {
    const { client, requests } = await setup([throttled('1'), ok]);
    expect((await client.resource('namespaces').get('default')).metadata.name).toBe('default');
    expect(requests).toHaveLength(2);

    const watchBody: Answer = {
      code: 200,
      body: { type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'w', resourceVersion: '5' } } },
    };
    const watched = await setup([throttled('1'), watchBody]);
    const events = await watched.client.resource('configmaps', 'default').watch({ resourceVersion: '4' });
    const seen: string[] = [];
    for await (const ev of events) seen.push(`${ev.type} ${ev.object.metadata.name}`);
    expect(seen).toEqual(['ADDED w']);
    expect(watched.requests).toEqual(
      Array(2).fill('GET /api/v1/namespaces/default/configmaps?watch=1&resourceVersion=4'),
    );
  });
});

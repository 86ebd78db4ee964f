import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpiredError, isExpired } from './api-errors.js';
import { ClientError, isClientError } from './errors.js';
import { type WatchEvent, decodeWatchLine, parseWatchStream } from './watch.js';

const enc = new TextEncoder();
const pod = (name: string, rv: string) => ({ kind: 'Pod', apiVersion: 'v1', metadata: { name, resourceVersion: rv } });
const events: WatchEvent<unknown>[] = [
  { type: 'ADDED', object: pod('a', '1') },
  { type: 'MODIFIED', object: { ...pod('ä-ünïcödé-🚀', '2'), data: 'x'.repeat(300) } },
  { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '7' } } },
  { type: 'DELETED', object: pod('a', '8') },
];
const body = events.map((e) => JSON.stringify(e) + '\n').join('');

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Splits `bytes` at the given cut points (sorted, deduplicated, in range). */
function cut(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const ps = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...ps, bytes.length]) {
    out.push(bytes.slice(prev, p));
    prev = p;
  }
  return out;
}

describe('parseWatchStream', () => {
  it('yields every event from a Node Readable, several per chunk', async () => {
    expect(await collect(parseWatchStream(Readable.from([Buffer.from(body)])))).toEqual(events);
  });

  it('yields every event from a web ReadableStream', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode(body.slice(0, 10)));
        c.enqueue(enc.encode(body.slice(10)));
        c.close();
      },
    });
    expect(await collect(parseWatchStream(stream))).toEqual(events);
  });

  it('yields the same events however the bytes are split, even inside a multi-byte character', async () => {
    const bytes = enc.encode(body);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 40 }), async (points) => {
        expect(await collect(parseWatchStream(Readable.from(cut(bytes, points))))).toEqual(events);
      }),
    );
  });

  it('skips blank lines, accepts CRLF and a final line without newline', async () => {
    const text = `\n${JSON.stringify(events[0])}\r\n\n${JSON.stringify(events[3])}`;
    expect(await collect(parseWatchStream(Readable.from([text])))).toEqual([events[0], events[3]]);
  });

  it('turns an ERROR event into a typed ApiError after the events before it', async () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'too old resource version: 1 (2)',
      reason: 'Expired',
      code: 410,
    };
    const text = `${JSON.stringify(events[0])}\n${JSON.stringify({ type: 'ERROR', object: status })}\n${JSON.stringify(events[1])}\n`;
    const seen: unknown[] = [];
    const err = await (async () => {
      try {
        for await (const e of parseWatchStream(Readable.from([text]))) seen.push(e);
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toEqual([events[0]]);
    expect(err).toBeInstanceOf(ExpiredError);
    expect(isExpired(err)).toBe(true);
    expect((err as Error).message).toBe('too old resource version: 1 (2)');
  });

  it('rejects a truncated last event with a WatchDecode error', async () => {
    const text = body + '{"type":"ADDED","object":{"kind":';
    await expect(collect(parseWatchStream(Readable.from([text])))).rejects.toSatisfy((e) =>
      isClientError(e, 'WatchDecode'),
    );
  });

  it('rejects invalid UTF-8 and lines over the size limit', async () => {
    await expect(collect(parseWatchStream(Readable.from([Buffer.from([0xff, 0xfe, 0x0a])])))).rejects.toSatisfy((e) =>
      isClientError(e, 'WatchDecode'),
    );
    const big = `{"type":"ADDED","object":{"x":"${'y'.repeat(100)}"}}`;
    await expect(
      collect(parseWatchStream(Readable.from([big.slice(0, 60), big.slice(60)]), { maxEventBytes: 50 })),
    ).rejects.toSatisfy((e) => isClientError(e, 'WatchEventTooLarge'));
  });

  it('cancels a web stream when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(enc.encode(JSON.stringify(events[0]) + '\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const e of parseWatchStream(stream)) {
      expect(e).toEqual(events[0]);
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('decodeWatchLine', () => {
  it('rejects unknown types, missing objects and non-JSON', () => {
    for (const line of [
      '{"type":"WHATEVER","object":{}}',
      '{"type":"ADDED"}',
      'null',
      'not json',
      '{"type":"ERROR","object":{"kind":"Pod"}}',
    ]) {
      expect(() => decodeWatchLine(line)).toThrow(ClientError);
    }
  });
});

import { TextDecoder } from 'node:util';
import { apiErrorFromStatus, isStatus } from './api-errors.js';
import { ClientError } from './errors.js';

/** The event types of a watch stream that carry an object. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

/**
 * One event of a watch. For BOOKMARK the object carries only `metadata.resourceVersion`
 * (and the kind); it says the stream is current up to that version.
 */
export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

/** Bytes as Node streams and fetch bodies deliver them. */
export type ByteSource = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/** Options of {@link parseWatchStream}. */
export interface ParseWatchOptions {
  /** Largest single event line accepted, in characters (default 64 Mi). */
  maxEventBytes?: number;
}

const EVENT_TYPES: ReadonlySet<string> = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

async function* readWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function chunksOf(source: ByteSource): AsyncIterable<Uint8Array | string> {
  return 'getReader' in source ? readWebStream(source) : source;
}

function decode(decoder: TextDecoder, chunk?: Uint8Array): string {
  try {
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  } catch (err) {
    throw new ClientError('WatchDecode', { line: '<invalid UTF-8>' }, { cause: err });
  }
}

/**
 * Splits decoded text into complete lines, keeping the unterminated tail between chunks.
 * Yields the lines of each chunk together: one async step per chunk, not per event.
 */
async function* lineBatches(source: ByteSource, maxBytes: number): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  for await (const chunk of chunksOf(source)) {
    pending += typeof chunk === 'string' ? chunk : decode(decoder, chunk);
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    if (pending.length > maxBytes) throw new ClientError('WatchEventTooLarge', { limit: maxBytes });
    if (parts.length > 0) yield parts;
  }
  pending += decode(decoder);
  if (pending.trim() !== '') yield [pending];
}

/**
 * Turns one line into an event. ERROR events throw the {@link ApiError} their Status
 * describes (e.g. an ExpiredError for 410); anything malformed throws a ClientError
 * with code WatchDecode.
 */
export function decodeWatchLine<T>(line: string): WatchEvent<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    throw new ClientError('WatchDecode', { line }, { cause: err });
  }
  const { type, object } = (raw ?? {}) as { type?: unknown; object?: unknown };
  if (type === 'ERROR' && isStatus(object)) throw apiErrorFromStatus(object);
  if (typeof type !== 'string' || !EVENT_TYPES.has(type) || typeof object !== 'object' || object === null) {
    throw new ClientError('WatchDecode', { line });
  }
  return { type: type as WatchEventType, object: object as T };
}

/**
 * Parses a watch response body (one JSON event per line, as the API server streams it) into
 * events, however the bytes are split into chunks. Blank lines are skipped. An ERROR event
 * throws its typed {@link ApiError}; malformed or truncated input throws a ClientError
 * (WatchDecode), as does invalid UTF-8; a line longer than `maxEventBytes` throws
 * WatchEventTooLarge. Breaking out of
 * the loop cancels a web stream.
 */
export async function* parseWatchStream<T = unknown>(
  source: ByteSource,
  options: ParseWatchOptions = {},
): AsyncGenerator<WatchEvent<T>> {
  const maxBytes = options.maxEventBytes ?? 64 * 1024 * 1024;
  for await (const batch of lineBatches(source, maxBytes)) {
    for (const line of batch) if (line.trim() !== '') yield decodeWatchLine<T>(line);
  }
}

/**
 * The store's snapshot file: what Maintenance.Snapshot streams and what `snapshot save`
 * writes and `snapshot restore` reads.
 *
 * Layout, chosen so that etcd's own tools recognise the checksum (etcd requires a size
 * with `size % 512 == 32`, the last 32 bytes being the sha256 of everything before):
 *
 *   engine database bytes (n)
 *   zero padding, then a 16-byte footer: "WHSNAP01" + n as uint64 big-endian,
 *     so that the database part ends on a 512-byte boundary
 *   sha256 of all the bytes above (32)
 *
 * etcd's `snapshot restore` cannot read it (it expects a bolt database) and this module
 * refuses etcd's bolt snapshots with a clear error.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { credentials, type ClientReadableStream } from '@grpc/grpc-js';
import { loadEtcdProto, type SnapshotResponse } from '@wheelhouse/etcd';
import { restoreSnapshot } from './engine/index.js';

/** Bytes of the sha256 trailer. */
export const SNAPSHOT_HASH_BYTES = 32;
/** The database part is padded to a multiple of this. */
const ALIGN = 512;
const MAGIC = Buffer.from('WHSNAP01');
const FOOTER_BYTES = MAGIC.length + 8;

/** A snapshot file problem; the message is etcdctl's text where etcdctl has one. */
export class SnapshotFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnapshotFileError';
  }
}

/** The padding and footer that follow `engineBytes` bytes of database. */
export function snapshotFooter(engineBytes: number): Buffer {
  const pad = (ALIGN - ((engineBytes + FOOTER_BYTES) % ALIGN)) % ALIGN;
  const footer = Buffer.alloc(pad + FOOTER_BYTES);
  MAGIC.copy(footer, pad);
  footer.writeBigUInt64BE(BigInt(engineBytes), pad + MAGIC.length);
  return footer;
}

/** An engine snapshot spooled to a temporary file, so its size is known before it is sent. */
export interface SpooledSnapshot {
  /** The engine's bytes. */
  file: string;
  engineBytes: number;
  footer: Buffer;
  /** sha256 of engine bytes + footer. */
  hash: Buffer;
  /** Removes the temporary file. */
  cleanup(): Promise<void>;
}

/** Copies the engine's snapshot stream to a temporary file while hashing it. */
export async function spoolSnapshot(chunks: AsyncIterable<Buffer>): Promise<SpooledSnapshot> {
  const dir = await mkdtemp(join(tmpdir(), 'wheelhouse-snapshot-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const file = join(dir, 'db');
    const hash = createHash('sha256');
    let engineBytes = 0;
    await pipeline(
      chunks,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          engineBytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(file),
    );
    const footer = snapshotFooter(engineBytes);
    hash.update(footer);
    return { file, engineBytes, footer, hash: hash.digest(), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * Writes a snapshot received as `blobs` to `path` as etcdctl does (via `path.part`,
 * renamed once complete), after checking its sha256 trailer. Returns the size written.
 */
export async function writeSnapshotFile(path: string, blobs: AsyncIterable<Buffer>): Promise<number> {
  const part = `${path}.part`;
  try {
    await pipeline(blobs, createWriteStream(part, { mode: 0o600 }));
    const size = await verifySnapshotFile(part);
    await rename(part, path);
    return size;
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
}

/** What a verified snapshot file holds. */
export interface SnapshotInfo {
  /** Total size of the file. */
  size: number;
  /** Bytes of engine database at its start. */
  engineBytes: number;
}

/**
 * Checks the sha256 trailer of a snapshot file as etcd does (any etcd-compatible
 * snapshot, a bolt database from etcd included, passes); resolves to its size.
 * Throws SnapshotFileError with etcdctl's texts.
 */
export async function verifySnapshotFile(path: string): Promise<number> {
  const size = (await stat(path)).size;
  if (size % ALIGN !== SNAPSHOT_HASH_BYTES)
    throw new SnapshotFileError('snapshot missing hash but --skip-hash-check=false');
  const body = size - SNAPSHOT_HASH_BYTES;
  const want = await readRange(path, body, SNAPSHOT_HASH_BYTES);
  const got = await hashFile(path, body);
  if (!got.equals(want)) throw new SnapshotFileError(`expected sha256 ${goBytes(want)}, got ${goBytes(got)}`);
  return size;
}

/** Verifies a snapshot file and reads the store's footer. Throws SnapshotFileError for anything but a store snapshot. */
export async function inspectSnapshotFile(path: string): Promise<SnapshotInfo> {
  const size = await verifySnapshotFile(path);
  const body = size - SNAPSHOT_HASH_BYTES;
  const footer =
    body >= FOOTER_BYTES ? await readRange(path, body - FOOTER_BYTES, FOOTER_BYTES) : Buffer.alloc(FOOTER_BYTES);
  const engineBytes = Number(footer.readBigUInt64BE(MAGIC.length));
  if (!footer.subarray(0, MAGIC.length).equals(MAGIC) || engineBytes > body - FOOTER_BYTES) {
    throw new SnapshotFileError(
      'snapshot file is not a Wheelhouse store snapshot (etcd bolt snapshots cannot be restored into the store)',
    );
  }
  return { size, engineBytes };
}

/**
 * Builds `dataDir` from a snapshot file, as `etcdctl snapshot restore` does: refuses an
 * existing data dir that is not empty, verifies the file, then lets the engine build its
 * database from the engine bytes.
 */
export async function restoreSnapshotFile(path: string, dataDir: string): Promise<void> {
  if (!(await isMissingOrEmpty(dataDir))) throw new SnapshotFileError(`data-dir ${JSON.stringify(dataDir)} exists`);
  const { engineBytes } = await inspectSnapshotFile(path);
  const dir = await mkdtemp(join(tmpdir(), 'wheelhouse-restore-'));
  try {
    const db = join(dir, 'db');
    await pipeline(
      engineBytes === 0 ? emptySource() : createReadStream(path, { start: 0, end: engineBytes - 1 }),
      createWriteStream(db),
    );
    await restoreSnapshot(db, dataDir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function isMissingOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw err;
  }
}

async function* emptySource(): AsyncIterable<Buffer> {
  // nothing: an empty database part
}

async function readRange(path: string, offset: number, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, offset);
    return buf;
  } finally {
    await fh.close();
  }
}

async function hashFile(path: string, length: number): Promise<Buffer> {
  const hash = createHash('sha256');
  if (length > 0)
    for await (const chunk of createReadStream(path, { start: 0, end: length - 1 })) hash.update(chunk as Buffer);
  return hash.digest();
}

/** Bytes as Go prints a []byte with %v, as etcdctl's checksum message does. */
function goBytes(b: Buffer): string {
  return `[${[...b].join(' ')}]`;
}

/**
 * `snapshot save`: streams Maintenance.Snapshot from the one endpoint into `path`
 * (verified before it is renamed into place). Resolves to the size saved. Errors carry
 * etcdctl's texts where it has them.
 */
export async function saveSnapshot(endpoints: readonly string[], path: string): Promise<number> {
  if (endpoints.length !== 1) {
    throw new SnapshotFileError(
      `snapshot must be requested to one selected node, not multiple [${endpoints.join(' ')}]`,
    );
  }
  const target = grpcTarget(endpoints[0]!);
  const { etcdserverpb } = loadEtcdProto();
  const client = new etcdserverpb.Maintenance(target, credentials.createInsecure()) as unknown as MaintenanceClient;
  try {
    const stream = client.Snapshot({});
    return await writeSnapshotFile(path, blobs(stream));
  } finally {
    client.close();
  }
}

interface MaintenanceClient {
  Snapshot(req: object): ClientReadableStream<SnapshotResponse>;
  close(): void;
}

async function* blobs(stream: ClientReadableStream<SnapshotResponse>): AsyncIterable<Buffer> {
  for await (const msg of stream as AsyncIterable<SnapshotResponse>) {
    if (msg.blob.length > 0) yield msg.blob;
  }
}

/** `host:port` of an etcdctl-style endpoint (`http://host:port` or bare `host:port`). */
export function grpcTarget(endpoint: string): string {
  if (endpoint.startsWith('https://')) throw new SnapshotFileError(`TLS is not supported yet: ${endpoint}`);
  const bare = endpoint.replace(/^http:\/\//, '').replace(/\/+$/, '');
  if (bare === '' || bare.includes('/')) throw new SnapshotFileError(`invalid endpoint ${JSON.stringify(endpoint)}`);
  return bare;
}

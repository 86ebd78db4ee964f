/**
 * The write-ahead log: `<dataDir>/member/wal/<first seq, 16 hex digits>.wal` segments of
 * records, each one batch of the backend (one group commit):
 *
 *   [0..4)   payload length (u32 BE)
 *   [4..8)   crc32 of the payload (u32 BE)
 *   [8..)    payload:
 *              seq (u64 BE)            batch sequence number, +1 per record, never reused
 *              applied index (u64 BE)  etcd's consistent index after the batch
 *              op count (u32 BE)
 *              per op: db (u8; bit 7 = removal), key length (u32 BE), key,
 *                      then for a put value length (u32 BE), value
 *
 * A batch is acknowledged once its record is written and fdatasync'd. At recovery a bad
 * record (short, bad length, bad crc) ends the last segment: it and everything after it
 * were never covered by a completed sync, so never acknowledged, and are truncated. A bad
 * record anywhere else is corruption and fails the open.
 *
 * A segment is named after the seq of its first record and holds consecutive seqs. It is
 * deleted once a checkpoint made LMDB durable at or past its last record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { readU64, writeU64 } from './codec.js';

/** Which database an operation targets. */
export type DbName = 'key' | 'meta' | 'lease' | 'alarm';

const DB_CODES: Record<DbName, number> = { key: 0, meta: 1, lease: 2, alarm: 3 };
const DB_NAMES: readonly DbName[] = ['key', 'meta', 'lease', 'alarm'];
const REMOVE = 0x80;
const RECORD_HEADER = 8;
const PAYLOAD_HEADER = 20;
/** Largest payload we ever accept back (a bad length must not allocate gigabytes). */
const MAX_PAYLOAD = 1 << 30;

/** Tunables; tests lower them to exercise rotation and checkpoints. */
export const walTuning = {
  /** A segment is closed and a new one started once it holds this many bytes. */
  segmentBytes: 64 * 1024 * 1024,
  /** Test hook: delay (ms) before each background LMDB apply, so LMDB lags the WAL (unless someone waits for LMDB). */
  applyDelayMs: 0,
  /** fdatasync of the open segment; a test can hold it back to see that nothing is acknowledged before it completes. */
  datasync: (fd: number): Promise<void> =>
    new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve()))),
};

/** One decoded record. */
export interface WalRecord {
  seq: number;
  appliedIndex: number;
  dbs: DbName[];
  keys: Buffer[];
  /** null = removal. */
  values: (Buffer | null)[];
}

/** Encodes a record (header + payload) into one buffer. */
export function encodeRecord(
  seq: number,
  appliedIndex: number,
  dbs: readonly DbName[],
  keys: readonly Buffer[],
  values: readonly (Buffer | null)[],
): Buffer {
  let size = RECORD_HEADER + PAYLOAD_HEADER;
  for (let i = 0; i < keys.length; i++) {
    const v = values[i];
    size += 5 + keys[i]!.length + (v === null || v === undefined ? 0 : 4 + v.length);
  }
  const buf = Buffer.allocUnsafe(size);
  let o = RECORD_HEADER;
  writeU64(buf, o, seq);
  writeU64(buf, o + 8, appliedIndex);
  buf.writeUInt32BE(keys.length, o + 16);
  o += PAYLOAD_HEADER;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = values[i] ?? null;
    buf[o] = DB_CODES[dbs[i]!] | (v === null ? REMOVE : 0);
    buf.writeUInt32BE(k.length, o + 1);
    o += 5;
    o += k.copy(buf, o);
    if (v !== null) {
      buf.writeUInt32BE(v.length, o);
      o += 4;
      o += v.copy(buf, o);
    }
  }
  buf.writeUInt32BE(size - RECORD_HEADER, 0);
  buf.writeUInt32BE(crc32(buf.subarray(RECORD_HEADER)), 4);
  return buf;
}

/** Decodes the payload of a record whose crc matched; throws on a malformed payload. */
export function decodePayload(p: Buffer): WalRecord {
  if (p.length < PAYLOAD_HEADER) throw new Error('wal: short payload');
  const rec: WalRecord = { seq: readU64(p, 0), appliedIndex: readU64(p, 8), dbs: [], keys: [], values: [] };
  const n = p.readUInt32BE(16);
  let o = PAYLOAD_HEADER;
  for (let i = 0; i < n; i++) {
    const code = p[o]!;
    const db = DB_NAMES[code & 0x7f];
    if (db === undefined) throw new Error('wal: bad database code');
    const klen = p.readUInt32BE(o + 1);
    o += 5;
    const key = Buffer.from(p.subarray(o, o + klen));
    o += klen;
    let value: Buffer | null = null;
    if ((code & REMOVE) === 0) {
      const vlen = p.readUInt32BE(o);
      o += 4;
      value = Buffer.from(p.subarray(o, o + vlen));
      o += vlen;
    }
    if (o > p.length) throw new Error('wal: payload overrun');
    rec.dbs.push(db);
    rec.keys.push(key);
    rec.values.push(value);
  }
  if (o !== p.length) throw new Error('wal: payload length mismatch');
  return rec;
}

/**
 * Reads the records of one segment's bytes. `end` is the offset just past the last good
 * record; `bad` is true when bytes after it are not a good record (a torn tail, or zeros).
 */
export function readRecords(data: Buffer): { records: WalRecord[]; end: number; bad: boolean } {
  const records: WalRecord[] = [];
  let o = 0;
  while (o < data.length) {
    if (data.length - o < RECORD_HEADER) return { records, end: o, bad: true };
    const len = data.readUInt32BE(o);
    if (len < PAYLOAD_HEADER || len > MAX_PAYLOAD || o + RECORD_HEADER + len > data.length)
      return { records, end: o, bad: true };
    const payload = data.subarray(o + RECORD_HEADER, o + RECORD_HEADER + len);
    if (crc32(payload) !== data.readUInt32BE(o + 4)) return { records, end: o, bad: true };
    let rec: WalRecord;
    try {
      rec = decodePayload(payload);
    } catch {
      return { records, end: o, bad: true };
    }
    records.push(rec);
    o += RECORD_HEADER + len;
  }
  return { records, end: o, bad: false };
}

/** The WAL directory of a data dir. */
export function walDir(dataDir: string): string {
  return path.join(dataDir, 'member', 'wal');
}

const SEGMENT = /^([0-9a-f]{16})\.wal$/;

/** Segment file name for a first seq. */
export function segmentName(seq: number): string {
  return `${seq.toString(16).padStart(16, '0')}.wal`;
}

/** Segments of a WAL directory, oldest first. */
export function listSegments(dir: string): { name: string; first: number }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: { name: string; first: number }[] = [];
  for (const name of names) {
    const m = SEGMENT.exec(name);
    if (m !== null) out.push({ name, first: Number.parseInt(m[1]!, 16) });
  }
  return out.sort((a, b) => a.first - b.first);
}

/** fsyncs a file or directory. */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads the WAL at open: every record with seq > `after`, in order. Truncates a torn tail
 * of the last segment, and deletes segments wholly at or below `after`. Throws if records
 * are missing (a hole between LMDB and the log, or inside the log) or on corruption before
 * the last segment.
 */
export function recoverWal(dir: string, after: number): { records: WalRecord[]; lastSeq: number; tailNext: number } {
  const segs = listSegments(dir);
  const records: WalRecord[] = [];
  let lastSeq = after;
  /** The seq a record appended to the last segment would have to carry (-1: no segment). */
  let tailNext = -1;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const file = path.join(dir, seg.name);
    const data = fs.readFileSync(file);
    const r = readRecords(data);
    const last = i === segs.length - 1;
    if (r.bad) {
      if (!last) throw new Error(`wal: corrupt record in ${file} at offset ${r.end}`);
      fs.truncateSync(file, r.end);
      fsyncPath(file);
    }
    for (const rec of r.records) {
      if (rec.seq <= after) continue;
      if (rec.seq !== lastSeq + 1) throw new Error(`wal: records ${lastSeq + 1}..${rec.seq - 1} are missing`);
      records.push(rec);
      lastSeq = rec.seq;
    }
    if (last) tailNext = r.records.length > 0 ? r.records.at(-1)!.seq + 1 : seg.first;
  }
  // Segments whose records LMDB holds already are not needed (a checkpoint was interrupted).
  for (let i = 0; i + 1 < segs.length; i++) {
    if (segs[i + 1]!.first - 1 > after) break;
    fs.rmSync(path.join(dir, segs[i]!.name), { force: true });
  }
  return { records, lastSeq, tailNext };
}

/**
 * The appending side: one open segment, group writes through async fs, rotation. Not
 * re-entrant: the backend calls `append` only after the previous one resolved.
 */
export class WalWriter {
  private fd = -1;
  private pos = 0;
  private segments: { name: string; first: number }[];

  constructor(readonly dir: string) {
    this.segments = listSegments(dir);
  }

  /** Opens (creating if needed) the segment new records go to; `nextSeq` is the next record's seq. */
  openSync(nextSeq: number, tailNext: number): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fsyncPath(path.dirname(this.dir));
    const last = this.segments.at(-1);
    const lastSize = last === undefined ? 0 : fs.statSync(path.join(this.dir, last.name)).size;
    if (last !== undefined && tailNext === nextSeq && lastSize < walTuning.segmentBytes) {
      // Append to the last segment (recovery truncated it to its last good record).
      this.fd = fs.openSync(path.join(this.dir, last.name), 'r+');
      this.pos = lastSize;
    } else {
      const name = segmentName(nextSeq);
      this.fd = fs.openSync(path.join(this.dir, name), 'w+');
      this.segments.push({ name, first: nextSeq });
      this.pos = 0;
    }
    fsyncPath(this.dir);
  }

  /**
   * Writes one or more encoded records at the end of the log and fdatasyncs them
   * (callback fs: one thread-pool hop each, the event loop never blocks).
   */
  async append(buf: Buffer, firstSeq: number): Promise<void> {
    if (this.pos >= walTuning.segmentBytes) await this.rotate(firstSeq);
    const fd = this.fd;
    let off = 0;
    while (off < buf.length) {
      const n = await writeAt(fd, buf, off, this.pos);
      off += n;
      this.pos += n;
    }
    await walTuning.datasync(fd);
  }

  /** Starts a new segment for records from `firstSeq` on; the old one is fully synced. */
  private async rotate(firstSeq: number): Promise<void> {
    const name = segmentName(firstSeq);
    const fd = await new Promise<number>((resolve, reject) =>
      fs.open(path.join(this.dir, name), 'w+', (err, f) => (err ? reject(err) : resolve(f))),
    );
    this.segments.push({ name, first: firstSeq });
    // The new segment's directory entry must be durable before a record in it is acknowledged.
    await syncDir(this.dir);
    const old = this.fd;
    this.fd = fd;
    this.pos = 0;
    if (old >= 0) await new Promise<void>((resolve) => fs.close(old, () => resolve()));
  }

  /** Number of segments (for tests and the checkpoint trigger). */
  get segmentCount(): number {
    return this.segments.length;
  }

  /** True when some closed segment holds only records with seq <= `seq`. */
  canDrop(seq: number): boolean {
    return this.segments.length > 1 && this.segments[1]!.first - 1 <= seq;
  }

  /** Deletes closed segments whose records all have seq <= `durableSeq` (oldest first). */
  async dropThrough(durableSeq: number): Promise<number> {
    let dropped = 0;
    while (this.segments.length > 1 && this.segments[1]!.first - 1 <= durableSeq) {
      const seg = this.segments.shift()!;
      await fs.promises.rm(path.join(this.dir, seg.name), { force: true });
      dropped++;
    }
    if (dropped > 0) await syncDir(this.dir);
    return dropped;
  }

  /** Closes the open segment at once (an open that failed after the WAL was opened). */
  closeSync(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  async close(): Promise<void> {
    const fd = this.fd;
    this.fd = -1;
    if (fd >= 0) await new Promise<void>((resolve) => fs.close(fd, () => resolve()));
  }
}

function writeAt(fd: number, buf: Buffer, off: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.write(fd, buf, off, buf.length - off, pos, (err, n) => (err ? reject(err) : resolve(n))),
  );
}

async function syncDir(dir: string): Promise<void> {
  const d = await fs.promises.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

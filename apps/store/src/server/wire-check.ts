/**
 * Checks an encoded request the way etcd's generated gogo/protobuf `Unmarshal` does,
 * before protobufjs decodes it. protobufjs reads a known field by its declared type
 * whatever wire type the bytes carry (a varint where `key` should be bytes is read as a
 * length and stores a key); etcd refuses such a message, and the same hostile input must
 * get the same answer here. The checker walks the bytes once, recursing into embedded
 * messages, and returns gogo's error text (e.g. `proto: wrong wireType = 0 for field Key`)
 * or undefined. Unknown fields are skipped as gogo's skip function does.
 */
import type { PackageDefinition } from '@grpc/proto-loader';

const UNEXPECTED_EOF = 'unexpected EOF';
const INT_OVERFLOW = 'proto: integer overflow';
const NEGATIVE_LENGTH = 'proto: negative length found during unmarshaling';
/** Deeper nesting is refused rather than risking the stack (etcd refuses txns past 128 ops anyway). */
const MAX_DEPTH = 1000;

/** A malformed message: `text` is what gogo's Unmarshal returns. */
class WireError {
  constructor(readonly text: string) {}
}

type Kind = 'varint' | 'fixed64' | 'fixed32' | 'bytes' | 'message';
const WIRE_OF: Record<Kind, number> = { varint: 0, fixed64: 1, fixed32: 5, bytes: 2, message: 2 };

interface FieldRule {
  /** The Go field name gogo puts in its errors. */
  goName: string;
  kind: Kind;
  /** Repeated numeric fields accept the packed form (wire type 2) as well. */
  packable: boolean;
  /** Full name of the embedded message type. */
  message?: string;
}

interface MessageRule {
  goName: string;
  fields: Map<number, FieldRule>;
}

/** The fields of descriptor objects proto-loader provides (DescriptorProto as JSON). */
interface FieldDescriptor {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}
interface MessageDescriptor {
  name: string;
  field: FieldDescriptor[];
}

const KIND_OF: Record<string, Kind> = {
  TYPE_INT32: 'varint',
  TYPE_INT64: 'varint',
  TYPE_UINT32: 'varint',
  TYPE_UINT64: 'varint',
  TYPE_SINT32: 'varint',
  TYPE_SINT64: 'varint',
  TYPE_BOOL: 'varint',
  TYPE_ENUM: 'varint',
  TYPE_FIXED64: 'fixed64',
  TYPE_SFIXED64: 'fixed64',
  TYPE_DOUBLE: 'fixed64',
  TYPE_FIXED32: 'fixed32',
  TYPE_SFIXED32: 'fixed32',
  TYPE_FLOAT: 'fixed32',
  TYPE_STRING: 'bytes',
  TYPE_BYTES: 'bytes',
  TYPE_MESSAGE: 'message',
};

/** protoc-gen-go's CamelCase: the Go name of a field (`prev_kv` -> `PrevKv`, `peerURLs` -> `PeerURLs`). */
export function goFieldName(name: string): string {
  let out = '';
  let i = 0;
  if (name.startsWith('_')) {
    out += 'X';
    i++;
  }
  const lower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
  for (; i < name.length; i++) {
    let c = name[i]!;
    if (c === '_' && lower(name[i + 1])) continue;
    if (c >= '0' && c <= '9') {
      out += c;
      continue;
    }
    if (lower(c)) c = c.toUpperCase();
    out += c;
    while (lower(name[i + 1])) out += name[++i];
  }
  return out;
}

/** A position in a message's bytes; `end` is the end of the message being read. */
interface Cursor {
  buf: Buffer;
  i: number;
  end: number;
}

/** A varint as gogo reads it: at most 10 bytes, the low 64 bits kept. Numbers above 2^49 come back as bigint. */
function varint(c: Cursor): number | bigint {
  let n = 0;
  for (let shift = 0; shift < 49; shift += 7) {
    if (c.i >= c.end) throw new WireError(UNEXPECTED_EOF);
    const b = c.buf[c.i++]!;
    n += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return n;
  }
  let big = BigInt(n);
  for (let shift = 49n; ; shift += 7n) {
    if (shift >= 64n) throw new WireError(INT_OVERFLOW);
    if (c.i >= c.end) throw new WireError(UNEXPECTED_EOF);
    const b = c.buf[c.i++]!;
    big |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return BigInt.asUintN(64, big);
  }
}

/** The wire type of a tag. */
function wireTypeOf(tag: number | bigint): number {
  return typeof tag === 'number' ? tag % 8 : Number(tag & 7n);
}

/** The field number of a tag, as gogo's `int32(wire >> 3)`. */
function fieldNumOf(tag: number | bigint): number {
  const n = typeof tag === 'number' ? Math.floor(tag / 8) : tag >> 3n;
  return typeof n === 'number' && n < 2 ** 31 ? n : Number(BigInt.asIntN(32, BigInt(n)));
}

/** A length prefix: negative (as a Go int) or past the end of the message is an error; returns the end index. */
function lengthEnd(c: Cursor): number {
  const n = varint(c);
  if (typeof n === 'bigint') {
    throw new WireError(BigInt.asIntN(64, n) < 0n ? NEGATIVE_LENGTH : UNEXPECTED_EOF);
  }
  const end = c.i + n;
  if (end > c.end) throw new WireError(UNEXPECTED_EOF);
  return end;
}

/** gogo's skip function: the length of the field starting at `from` (may run past `end`; the caller checks). */
function skippedLength(buf: Buffer, from: number, end: number): number {
  const c: Cursor = { buf, i: from, end };
  let depth = 0;
  for (;;) {
    const wireType = wireTypeOf(varint(c));
    switch (wireType) {
      case 0:
        for (let shift = 0; ; shift += 7) {
          if (shift >= 64) throw new WireError(INT_OVERFLOW);
          if (c.i >= end) throw new WireError(UNEXPECTED_EOF);
          if (buf[c.i++]! < 0x80) break;
        }
        break;
      case 1:
        c.i += 8;
        break;
      case 2: {
        const n = varint(c);
        if (typeof n === 'bigint') {
          if (BigInt.asIntN(64, n) < 0n) throw new WireError(NEGATIVE_LENGTH);
          return Number.MAX_SAFE_INTEGER;
        }
        c.i += n;
        break;
      }
      case 3:
        depth++;
        continue;
      case 4:
        if (depth > 0) depth--;
        break;
      case 5:
        c.i += 4;
        break;
      default:
        throw new WireError(`proto: illegal wireType ${wireType}`);
    }
    if (depth === 0) return c.i - from;
    if (c.i >= end) throw new WireError(UNEXPECTED_EOF);
  }
}

/** The requests' message types, compiled from a package definition; checks encoded messages. */
export class WireChecker {
  private readonly rules = new Map<string, MessageRule>();

  constructor(private readonly definition: PackageDefinition) {}

  /** gogo's Unmarshal error for `bytes` as message type `typeName` (e.g. `etcdserverpb.PutRequest`), or undefined. */
  check(typeName: string, bytes: Buffer): string | undefined {
    try {
      this.message(this.rule(typeName), { buf: bytes, i: 0, end: bytes.length }, 0);
      return undefined;
    } catch (err) {
      if (err instanceof WireError) return err.text;
      throw err;
    }
  }

  private message(rule: MessageRule, c: Cursor, depth: number): void {
    if (depth > MAX_DEPTH) throw new WireError(`proto: ${rule.goName}: nested too deeply`);
    while (c.i < c.end) {
      const start = c.i;
      const wire = varint(c);
      const wireType = wireTypeOf(wire);
      const fieldNum = fieldNumOf(wire);
      if (wireType === 4) throw new WireError(`proto: ${rule.goName}: wiretype end group for non-group`);
      if (fieldNum <= 0) throw new WireError(`proto: ${rule.goName}: illegal tag ${fieldNum} (wire type ${wire})`);
      const field = rule.fields.get(fieldNum);
      if (field) this.field(field, wireType, c, depth);
      else {
        const n = skippedLength(c.buf, start, c.end);
        if (start + n > c.end) throw new WireError(UNEXPECTED_EOF);
        c.i = start + n;
      }
    }
  }

  private field(f: FieldRule, wireType: number, c: Cursor, depth: number): void {
    const expected = WIRE_OF[f.kind];
    if (f.packable && wireType === 2 && expected !== 2) return this.packed(f, c);
    if (wireType !== expected) throw new WireError(`proto: wrong wireType = ${wireType} for field ${f.goName}`);
    switch (f.kind) {
      case 'varint':
        varint(c);
        return;
      case 'fixed64':
      case 'fixed32': {
        const size = f.kind === 'fixed64' ? 8 : 4;
        if (c.i + size > c.end) throw new WireError(UNEXPECTED_EOF);
        c.i += size;
        return;
      }
      case 'bytes':
        c.i = lengthEnd(c);
        return;
      case 'message': {
        const end = lengthEnd(c);
        this.message(this.rule(f.message!), { buf: c.buf, i: c.i, end }, depth + 1);
        c.i = end;
      }
    }
  }

  /** A packed repeated numeric field: its elements are read against the end of the whole message, as gogo does. */
  private packed(f: FieldRule, c: Cursor): void {
    const end = lengthEnd(c);
    while (c.i < end) {
      if (f.kind === 'varint') varint(c);
      else {
        const size = f.kind === 'fixed64' ? 8 : 4;
        if (c.i + size > c.end) throw new WireError(UNEXPECTED_EOF);
        c.i += size;
      }
    }
  }

  private rule(typeName: string): MessageRule {
    let rule = this.rules.get(typeName);
    if (rule) return rule;
    const def = this.definition[typeName] as { type?: MessageDescriptor } | undefined;
    if (!def?.type?.field) throw new Error(`no message type ${typeName} in the package definition`);
    const pkg = typeName.slice(0, typeName.lastIndexOf('.'));
    const fields = new Map<number, FieldRule>();
    for (const fd of def.type.field) {
      const kind = KIND_OF[fd.type];
      if (!kind) throw new Error(`unsupported field type ${fd.type} in ${typeName}`);
      const repeated = fd.label === 'LABEL_REPEATED';
      fields.set(fd.number, {
        goName: goFieldName(fd.name),
        kind,
        packable: repeated && kind !== 'bytes' && kind !== 'message',
        message: kind === 'message' ? this.resolve(fd.typeName, pkg) : undefined,
      });
    }
    rule = { goName: def.type.name, fields };
    this.rules.set(typeName, rule);
    return rule;
  }

  private resolve(name: string, pkg: string): string {
    const bare = name.replace(/^\./, '');
    return this.definition[bare] ? bare : `${pkg}.${bare}`;
  }
}

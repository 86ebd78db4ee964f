/**
 * Turns a decoded protobuf message into the JSON object Go's encoding/json would write
 * for the same Go struct: `omitempty` scalars at their zero value are dropped, pointers
 * sent on the wire are kept (`replicas: 0`), fields without `omitempty` are always
 * written, maps are written with sorted keys, `[]byte` as base64, and apimachinery's
 * special types take their JSON form (Time → RFC 3339, Quantity → string,
 * IntOrString → number or string, RawExtension and FieldsV1 → embedded JSON).
 */
import type { FieldSpec, ProtoSchema } from './descriptor.js';
import { machineryError } from '../errors.js';

type Msg = Record<string, unknown>;
type Json = unknown;

const ZERO: Record<string, Json> = { string: '', int32: 0, int64: 0, bool: false, bytes: null };

interface LongLike {
  toNumber(): number;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : (v as LongLike).toNumber();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** RFC 3339 in UTC with `fraction` digits of the nanoseconds (0 → none), as Go formats it. */
export function formatGoTime(seconds: number, nanos: number, fraction: number): string {
  const d = new Date(seconds * 1000);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return fraction === 0 ? `${base}Z` : `${base}.${pad(nanos, 9).slice(0, fraction)}Z`;
}

function timeJson(m: Msg, fraction: number): Json {
  if (!Object.hasOwn(m, 'seconds') && !Object.hasOwn(m, 'nanos')) return null; // zero Time marshals to no bytes
  return formatGoTime(num(m.seconds ?? 0), num(m.nanos ?? 0), fraction);
}

function rawJson(raw: unknown): Json {
  const bytes = raw as Uint8Array | undefined;
  if (!bytes || bytes.length === 0) return null;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw machineryError('ProtobufMalformed', `embedded JSON: ${(err as Error).message}`);
  }
}

const SPECIAL: Record<string, (m: Msg) => Json> = {
  Time: (m) => timeJson(m, 0),
  MicroTime: (m) => timeJson(m, 6),
  Quantity: (m) => (typeof m.string === 'string' && Object.hasOwn(m, 'string') ? m.string : '0'),
  IntOrString: (m) => (num(m.type ?? 0) === 1 ? (m.strVal ?? '') : (m.intVal ?? 0)),
  RawExtension: (m) => rawJson(m.raw),
  FieldsV1: (m) => rawJson(m.Raw),
};

function isZero(v: unknown): boolean {
  if (v === '' || v === 0 || v === false || v === undefined || v === null) return true;
  if (v instanceof Uint8Array) return v.length === 0;
  return typeof v === 'object' && num(v) === 0;
}

/** A Go JSON writer over the messages of `schema`. */
export class GoJsonWriter {
  constructor(private readonly schema: ProtoSchema) {}

  /** The JSON object for message `m` of type `typeName` (decoded by protobufjs). */
  message(typeName: string, m: Msg): Json {
    const special = SPECIAL[typeName];
    if (special) return special(m);
    const out: Record<string, Json> = {};
    for (const f of this.schema.fields(typeName)) this.field(f, m, out);
    return out;
  }

  private field(f: FieldSpec, m: Msg, out: Record<string, Json>): void {
    const v = m[f.prop];
    const isMessage = this.schema.has(f.type);
    if (f.repeated) return this.list(f, v as unknown[] | undefined, isMessage, out);
    if (f.map) return this.map(f, v as Msg | undefined, isMessage, out);
    const present = Object.hasOwn(m, f.prop);
    if (isMessage) return this.nested(f, present ? (v as Msg) : undefined, out);
    if (present && (f.pointer || f.always || !isZero(v))) out[f.json] = this.scalar(f.type, v);
    else if (!present && f.always) out[f.json] = f.pointer ? null : ZERO[f.type];
  }

  private nested(f: FieldSpec, v: Msg | undefined, out: Record<string, Json>): void {
    if (v === undefined && f.pointer) {
      if (f.always) out[f.json] = null;
      return;
    }
    // A Go struct value is never omitted: an absent one is written as its zero value.
    const json = this.message(f.type, v ?? {});
    if (f.json === '-') Object.assign(out, json);
    else out[f.json] = json;
  }

  private list(f: FieldSpec, v: unknown[] | undefined, isMessage: boolean, out: Record<string, Json>): void {
    if (!v || v.length === 0) {
      if (f.always) out[f.json] = null;
      return;
    }
    out[f.json] = v.map((x) => (isMessage ? this.message(f.type, x as Msg) : this.scalar(f.type, x)));
  }

  private map(f: FieldSpec, v: Msg | undefined, isMessage: boolean, out: Record<string, Json>): void {
    const keys = v ? Object.keys(v).sort() : [];
    if (keys.length === 0) {
      if (f.always) out[f.json] = null;
      return;
    }
    const obj: Record<string, Json> = {};
    for (const k of keys) obj[k] = isMessage ? this.message(f.type, v![k] as Msg) : this.scalar(f.type, v![k]);
    out[f.json] = obj;
  }

  private scalar(type: string, v: unknown): Json {
    if (type === 'int64') return num(v);
    if (type === 'bytes') return Buffer.from(v as Uint8Array).toString('base64');
    return v;
  }
}

/**
 * A Swagger 2.0 document in protobuf, as gnostic's `openapi_v2.Document` (the field
 * numbers of gnostic's openapiv2/OpenAPIv2.proto), which is the only form kubectl and
 * client-go's discovery client ask /openapi/v2 for. Vendor extensions (`x-...`) become
 * `NamedAny` entries whose `Any.yaml` holds the value in YAML, as gnostic writes them.
 * Only what Kubernetes' documents use is written: schemas, operations with body, query and
 * path parameters, responses, and the API-key security definition.
 */
import yaml from 'js-yaml';
import type { SwaggerDocument } from '@wheelhouse/api';

type Json = Record<string, unknown>;

/** Appends protobuf fields (proto3: zero values are left out). */
class Writer {
  private readonly parts: Buffer[] = [];

  private varint(n: number): void {
    const bytes: number[] = [];
    if (n >= 0 && n < 0x80000000) {
      let small = Math.trunc(n);
      while (small > 0x7f) {
        bytes.push((small & 0x7f) | 0x80);
        small >>>= 7;
      }
      bytes.push(small);
      this.parts.push(Buffer.from(bytes));
      return;
    }
    // Negative and large values: two's complement over 64 bits, as protobuf's int64.
    let v = BigInt.asUintN(64, BigInt(Math.trunc(n)));
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      bytes.push(v > 0n ? low | 0x80 : low);
    } while (v > 0n);
    this.parts.push(Buffer.from(bytes));
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  bytes(field: number, payload: Buffer): this {
    this.key(field, 2);
    this.varint(payload.length);
    this.parts.push(payload);
    return this;
  }

  string(field: number, value: unknown): this {
    return typeof value === 'string' && value !== '' ? this.bytes(field, Buffer.from(value, 'utf8')) : this;
  }

  strings(field: number, values: unknown): this {
    if (Array.isArray(values)) for (const v of values) this.bytes(field, Buffer.from(String(v), 'utf8'));
    return this;
  }

  bool(field: number, value: unknown): this {
    if (value !== true) return this;
    this.key(field, 0);
    this.varint(1);
    return this;
  }

  int64(field: number, value: unknown): this {
    if (typeof value !== 'number' || value === 0) return this;
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  double(field: number, value: unknown): this {
    if (typeof value !== 'number' || value === 0) return this;
    this.key(field, 1);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    this.parts.push(b);
    return this;
  }

  message(field: number, payload: Buffer | undefined): this {
    return payload === undefined ? this : this.bytes(field, payload);
  }

  messages<T>(field: number, items: Iterable<T>, encode: (item: T) => Buffer): this {
    for (const item of items) this.bytes(field, encode(item));
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** gnostic Any: the value as YAML. */
function any(value: unknown): Buffer {
  return new Writer().string(2, yaml.dump(value, { lineWidth: -1, noRefs: true })).finish();
}

/** NamedAny entries for the `x-` keys of `obj`. */
function vendorExtensions(w: Writer, field: number, obj: Json): void {
  for (const [name, value] of Object.entries(obj))
    if (name.startsWith('x-')) w.bytes(field, new Writer().string(1, name).message(2, any(value)).finish());
}

/** A map of name -> T as repeated Named<T> {name = 1, value = 2}. */
function named<T>(w: Writer, field: number, map: unknown, encode: (v: T) => Buffer): void {
  if (!isObject(map)) return;
  for (const [name, value] of Object.entries(map))
    w.bytes(
      field,
      new Writer()
        .string(1, name)
        .message(2, encode(value as T))
        .finish(),
    );
}

function additionalProperties(value: unknown): Buffer | undefined {
  if (isObject(value)) return new Writer().message(1, schema(value)).finish();
  return value === true ? new Writer().bool(2, true).finish() : undefined;
}

function wrapped(encode: (w: Writer) => void): Buffer {
  const w = new Writer();
  encode(w);
  return w.finish();
}

/** openapi_v2.Schema. */
function schema(s: Json): Buffer {
  const w = new Writer().string(1, s.$ref).string(2, s.format).string(3, s.title).string(4, s.description);
  if (s.default !== undefined) w.message(5, any(s.default));
  w.double(6, s.multipleOf).double(7, s.maximum).bool(8, s.exclusiveMaximum).double(9, s.minimum);
  w.bool(10, s.exclusiveMinimum).int64(11, s.maxLength).int64(12, s.minLength).string(13, s.pattern);
  w.int64(14, s.maxItems).int64(15, s.minItems).bool(16, s.uniqueItems);
  w.int64(17, s.maxProperties).int64(18, s.minProperties).strings(19, s.required);
  if (Array.isArray(s.enum)) w.messages(20, s.enum, any);
  w.message(21, additionalProperties(s.additionalProperties));
  if (s.type !== undefined) w.message(22, new Writer().strings(1, [s.type].flat()).finish());
  if (isObject(s.items)) w.message(23, new Writer().message(1, schema(s.items)).finish());
  if (Array.isArray(s.allOf)) w.messages(24, s.allOf as Json[], schema);
  if (isObject(s.properties))
    w.message(
      25,
      wrapped((p) => named(p, 1, s.properties, schema)),
    );
  w.bool(27, s.readOnly);
  if (s.example !== undefined) w.message(30, any(s.example));
  vendorExtensions(w, 31, s);
  return w.finish();
}

/** openapi_v2.ParametersItem holding a body, query or path parameter. */
function parameter(p: Json): Buffer {
  let param: Buffer;
  if (p.in === 'body') {
    const body = new Writer().string(1, p.description).string(2, p.name).string(3, p.in).bool(4, p.required);
    if (isObject(p.schema)) body.message(5, schema(p.schema));
    vendorExtensions(body, 6, p);
    param = new Writer().message(1, body.finish()).finish();
  } else {
    // Query sub-schemas number from field 5 on one higher than path and header ones (allow_empty_value = 5).
    const query = p.in === 'query';
    const sub = new Writer().bool(1, p.required).string(2, p.in).string(3, p.description).string(4, p.name);
    sub
      .string(query ? 6 : 5, p.type)
      .string(query ? 7 : 6, p.format)
      .bool(query ? 20 : 19, p.uniqueItems);
    const nonBody = new Writer().message(p.in === 'header' ? 1 : query ? 3 : 4, sub.finish()).finish();
    param = new Writer().message(2, nonBody).finish();
  }
  return new Writer().message(1, param).finish();
}

function response(r: Json): Buffer {
  const w = new Writer().string(1, r.description);
  if (isObject(r.schema)) w.message(2, new Writer().message(1, schema(r.schema)).finish());
  vendorExtensions(w, 5, r);
  return new Writer().message(1, w.finish()).finish();
}

/** openapi_v2.Operation. */
function operation(op: Json): Buffer {
  const w = new Writer().strings(1, op.tags).string(2, op.summary).string(3, op.description);
  w.string(5, op.operationId).strings(6, op.produces).strings(7, op.consumes);
  if (Array.isArray(op.parameters)) w.messages(8, op.parameters as Json[], parameter);
  w.message(
    9,
    wrapped((r) => named(r, 1, op.responses, response)),
  );
  w.strings(10, op.schemes).bool(11, op.deprecated);
  vendorExtensions(w, 13, op);
  return w.finish();
}

const PATH_METHODS: [string, number][] = [
  ['get', 2],
  ['put', 3],
  ['post', 4],
  ['delete', 5],
  ['options', 6],
  ['head', 7],
  ['patch', 8],
];

function pathItem(item: Json): Buffer {
  const w = new Writer().string(1, item.$ref);
  for (const [method, field] of PATH_METHODS) if (isObject(item[method])) w.message(field, operation(item[method]));
  if (Array.isArray(item.parameters)) w.messages(9, item.parameters as Json[], parameter);
  vendorExtensions(w, 10, item);
  return w.finish();
}

function securityDefinition(d: Json): Buffer {
  const apiKey = new Writer().string(1, d.type).string(2, d.name).string(3, d.in).string(4, d.description);
  vendorExtensions(apiKey, 5, d);
  return new Writer().message(2, apiKey.finish()).finish();
}

function securityRequirement(r: Record<string, string[]>): Buffer {
  return wrapped((w) => named<string[]>(w, 1, r, (scopes) => new Writer().strings(1, scopes).finish()));
}

/** The document as gnostic's openapi_v2.Document in protobuf. */
export function encodeSwaggerProtobuf(doc: SwaggerDocument): Buffer {
  const info = new Writer().string(1, doc.info.title).string(2, doc.info.version).finish();
  const w = new Writer().string(1, doc.swagger).message(2, info);
  w.message(
    8,
    wrapped((p) => named(p, 2, doc.paths, pathItem)),
  );
  w.message(
    9,
    wrapped((d) => named(d, 1, doc.definitions, schema)),
  );
  w.messages(12, doc.security, securityRequirement);
  w.message(
    13,
    wrapped((s) => named(s, 1, doc.securityDefinitions, securityDefinition)),
  );
  return w.finish();
}

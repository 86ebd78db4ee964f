/**
 * Table-driven protobuf descriptors for Kubernetes' generated.proto messages.
 *
 * Each message is one line of `jsonName=fieldNumber[:type]` entries, in the Go struct's
 * declaration order (which is the order encoding/json writes them in). The field numbers
 * and types are those of k8s.io/api and k8s.io/apimachinery (the `protobuf:"..."` struct
 * tags of their types.go, mirrored in generated.proto). A type is written as:
 *
 * - `s` (string, the default when `:type` is left out), `i32`, `i64`, `bool`, `bytes`,
 *   or a message name;
 * - `[]T` for a repeated field, `{}T` for `map<string, T>`;
 * - a leading `*` when the Go field is a pointer, so a zero value sent on the wire is kept
 *   (`replicas: 0`); without it a zero scalar is dropped, as `omitempty` drops it;
 * - a trailing `!` when the Go JSON tag has no `omitempty`: the field is always written
 *   (zero when absent, `null` for an absent pointer, list or map).
 *
 * The JSON name `-` marks a Go struct embedded with `json:",inline"`: its fields are
 * merged into the parent object.
 */
import protobuf from 'protobufjs';

/** How one field is read from the wire and written as Go's encoding/json would. */
export interface FieldSpec {
  /** JSON name; `-` for an inlined embedded struct. */
  json: string;
  id: number;
  /** Scalar type (`string`, `int32`, `int64`, `bool`, `bytes`) or message name. */
  type: string;
  repeated: boolean;
  map: boolean;
  /** Go pointer: a zero value present on the wire is kept. */
  pointer: boolean;
  /** No `omitempty`: always written. */
  always: boolean;
  /** The property protobufjs decodes the field into. */
  prop: string;
}

/** A set of message descriptors, compiled for protobufjs and for the JSON writer. */
export interface ProtoSchema {
  /** The protobufjs type of `name`; throws for an unknown name. */
  type(name: string): protobuf.Type;
  /** The fields of message `name` in Go declaration order. */
  fields(name: string): readonly FieldSpec[];
  /** True if `name` is a message of this schema. */
  has(name: string): boolean;
}

/** Message name -> field list (see the module comment for the syntax). */
export type DescriptorTable = Readonly<Record<string, string>>;

const SCALARS: Record<string, string> = { s: 'string', i32: 'int32', i64: 'int64', bool: 'bool', bytes: 'bytes' };

/** Parses one `json=id[:type]` entry of message `owner`; throws on a malformed entry. */
export function parseField(owner: string, entry: string): FieldSpec {
  const m = /^([A-Za-z_][\w]*|-)=(\d+)(?::(\*)?(\[\]|\{\})?(\*)?([A-Za-z]\w*))?(!)?$/.exec(entry);
  if (!m) throw new Error(`protobuf descriptor ${owner}: cannot parse field "${entry}"`);
  const [, json, id, ptrA, shape, ptrB, base, bang] = m;
  const type = SCALARS[base ?? 's'] ?? base!;
  const prop = json === '-' ? `inline${id}` : json!;
  return {
    json: json!,
    id: Number(id),
    type,
    repeated: shape === '[]',
    map: shape === '{}',
    pointer: Boolean(ptrA ?? ptrB),
    always: bang === '!',
    prop,
  };
}

function toProtobufField(f: FieldSpec): protobuf.FieldBase {
  if (f.map) return new protobuf.MapField(f.prop, f.id, 'string', f.type);
  return new protobuf.Field(f.prop, f.id, f.type, f.repeated ? 'repeated' : 'optional');
}

/**
 * Compiles descriptor tables into a schema. Later tables may add fields to an earlier
 * message with a `Name+` key. Throws if a field refers to a message no table defines.
 */
export function compileSchema(...tables: DescriptorTable[]): ProtoSchema {
  const specs = new Map<string, FieldSpec[]>();
  for (const table of tables) {
    for (const [key, line] of Object.entries(table)) {
      const name = key.endsWith('+') ? key.slice(0, -1) : key;
      const fields = line
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((e) => parseField(name, e));
      specs.set(name, [...(key.endsWith('+') ? (specs.get(name) ?? []) : []), ...fields]);
    }
  }
  const root = new protobuf.Root();
  for (const [name, fields] of specs) {
    const type = new protobuf.Type(name);
    for (const f of fields) type.add(toProtobufField(f));
    root.add(type);
  }
  root.resolveAll();
  return {
    type: (name) => root.lookupType(name),
    fields: (name) => specs.get(name) ?? [],
    has: (name) => specs.has(name),
  };
}

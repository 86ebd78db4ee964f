/**
 * Decoding a changed copy of an object that was decoded before (a patched object): only the
 * top-level fields that changed are decoded again. A pod's status patch then decodes its
 * status, not its spec and metadata too, which are most of the pod and decode to themselves.
 */
import { z } from 'zod';
import { isJsonObject, jsonEqual } from '@wheelhouse/machinery';
import { decodeObject, type DecodeOptions, type DecodeResult, type FieldValidationMode } from './decode.js';
import { withoutNulls } from './without-nulls.js';

/** The fields of a strict object schema (zod's `z.strictObject`), or undefined for any other schema. */
function strictShape(schema: z.ZodType): Readonly<Record<string, z.ZodType>> | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  return schema.def.catchall instanceof z.ZodNever ? (schema.shape as Record<string, z.ZodType>) : undefined;
}

/**
 * {@link decodeObject} of `value`, a changed copy of `prior` (which `schema` decoded: the
 * stored object a patch applied to). Top-level fields equal to prior's are taken as they are
 * (a decoded value decodes to itself), the others are decoded with their own schemas, in the
 * schema's field order as decodeObject gives them. Anything else falls back to decodeObject,
 * so results and messages are always its own: a field the schema does not know or that is
 * null, a changed field that does not decode, number literals to check, a schema that is not
 * a strict object. The result may share `value`'s unchanged fields (never `prior`'s).
 */
export function decodeChanged<T>(
  schema: z.ZodType<T>,
  value: unknown,
  prior: unknown,
  mode: FieldValidationMode = 'Strict',
  options: DecodeOptions = {},
): DecodeResult<T> {
  const whole = (): DecodeResult<T> => decodeObject(schema, value, mode, options);
  const shape = strictShape(schema);
  if (!shape || options.numberLiterals?.size || !isJsonObject(value) || !isJsonObject(prior)) return whole();
  for (const key of Object.keys(value)) if (!Object.hasOwn(shape, key) || value[key] === null) return whole();
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const v = value[key];
    if (v !== undefined && jsonEqual(v, prior[key])) {
      out[key] = v;
      continue;
    }
    // Changed, or absent (nothing then, unless the field has a default, as decodeObject gives it).
    const parsed = field.safeParse(withoutNulls(v));
    if (!parsed.success) return whole();
    if (parsed.data !== undefined) out[key] = parsed.data;
  }
  return { ok: true, value: out as T, unknownFields: [], warnings: [] };
}

/**
 * What kube-apiserver does to a custom resource body before validation: fields the version's
 * schema does not specify are unknown (a 400 `strict decoding error: unknown field "spec.x"`
 * with fieldValidation=Strict, `unknown field "spec.x"` warnings with Warn, silence with Ignore)
 * and pruned, then the schema's defaults are applied.
 */
import type { FieldValidationMode } from '../decode.js';
import { strictDecodingMessage } from '../decode.js';
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import { applySchemaDefaultsInPlace } from './defaulting.js';
import { pruneUnknownFields, unknownFieldWarning } from './pruning.js';

/** The decoded custom resource and its warnings, or the strict-decoding failure. */
export type CustomResourceDecodeResult<T> =
  | { ok: true; value: T; unknownFields: string[]; warnings: string[] }
  | { ok: false; unknownFields: string[]; message: string };

/**
 * Prunes and defaults a copy of the custom resource `obj` for `schema` under `mode`. On
 * failure, `message` is the 400 BadRequest Status message. Never mutates `obj`.
 */
export function decodeCustomResource<T>(
  schema: JSONSchemaProps,
  obj: T,
  mode: FieldValidationMode = 'Strict',
): CustomResourceDecodeResult<T> {
  const { object, unknownFields } = pruneUnknownFields(schema, obj);
  if (mode === 'Strict' && unknownFields.length > 0)
    return { ok: false, unknownFields, message: strictDecodingMessage(unknownFields) };
  const warnings = mode === 'Warn' ? unknownFields.map(unknownFieldWarning) : [];
  applySchemaDefaultsInPlace(schema, object); // pruning's copy: defaulted without copying again
  return { ok: true, value: object, unknownFields, warnings };
}

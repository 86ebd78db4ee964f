/**
 * Kubernetes field errors (k8s.io/apimachinery/pkg/util/validation/field) with their exact
 * text. `message` is what Kubernetes calls the error body (`Required value`, `Invalid
 * value: -1: must be greater than or equal to 0`); `formatFieldError` adds the field in
 * front, and `invalidStatusMessage` builds the 422 Status message from a list of them.
 * Errors built by @wheelhouse/machinery (label and annotation checks) are converted with
 * `fromMachineryError`; `required` and `tooLong` are machinery's, whose text they share.
 */
import {
  fieldErrorBody,
  goQuote,
  requiredField,
  tooLongField,
  type FieldError as MachineryFieldError,
} from '@wheelhouse/machinery';
import type { LabelSelector } from '../schema/meta-v1.js';

/** The `reason` of a field error, as it appears in Status `details.causes[].reason`. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueNotFound'
  | 'FieldValueTooMany';

/** One validation failure: its reason, the JSON path of the field, and Kubernetes' message. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  message: string;
}

/** A value printed with Go's `%#v` syntax (maps, structs); build one with the `go*` helpers. */
export interface GoLiteral {
  goSyntax: string;
}

/** A value a field error may quote. */
export type BadValue = string | number | boolean | null | undefined | GoLiteral;

/** Formats a bad value as Kubernetes' ErrorBody does: strings quoted, numbers bare, structs in Go syntax. */
export function formatBadValue(value: BadValue): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return value.goSyntax;
  return String(value);
}

function withDetail(body: string, detail: string | undefined): string {
  return detail ? `${body}: ${detail}` : body;
}

/** A field error from @wheelhouse/machinery in this package's shape: same reason and field, its body as `message`. */
export function fromMachineryError(error: MachineryFieldError): FieldError {
  return { type: error.type, field: error.field, message: fieldErrorBody(error) };
}

/** `Required value[: detail]`. */
export function required(field: string, detail?: string): FieldError {
  return fromMachineryError(requiredField(field, detail));
}

/** `Invalid value: <value>[: detail]`. */
export function invalid(field: string, value: BadValue, detail?: string): FieldError {
  return { type: 'FieldValueInvalid', field, message: withDetail(`Invalid value: ${formatBadValue(value)}`, detail) };
}

/** `Unsupported value: <value>: supported values: "a", "b"` (in the order given). */
export function notSupported(field: string, value: BadValue, supported: readonly string[]): FieldError {
  const detail = supported.length > 0 ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '';
  return {
    type: 'FieldValueNotSupported',
    field,
    message: withDetail(`Unsupported value: ${formatBadValue(value)}`, detail),
  };
}

/** `Duplicate value: <value>`. */
export function duplicate(field: string, value: BadValue): FieldError {
  return { type: 'FieldValueDuplicate', field, message: `Duplicate value: ${formatBadValue(value)}` };
}

/** `Forbidden[: detail]`. */
export function forbidden(field: string, detail?: string): FieldError {
  return { type: 'FieldValueForbidden', field, message: withDetail('Forbidden', detail) };
}

/** `Too long: may not be more than N bytes` (Kubernetes 1.32 wording). */
export function tooLong(field: string, maxLength: number): FieldError {
  return fromMachineryError(tooLongField(field, maxLength));
}

/** `Not found: <value>`. */
export function notFound(field: string, value: BadValue): FieldError {
  return { type: 'FieldValueNotFound', field, message: `Not found: ${formatBadValue(value)}` };
}

/** `field: message`, the text Kubernetes prints for one error. */
export function formatFieldError(error: FieldError): string {
  return `${error.field}: ${error.message}`;
}

/**
 * The message of a 422 Invalid Status: `Deployment.apps "web" is invalid: <errors>`, with
 * several errors in `[a, b]` brackets as Go's aggregate error prints them. `groupKind` is
 * `Pod` for the core group and `Kind.group` otherwise.
 */
export function invalidStatusMessage(groupKind: string, name: string, errors: readonly FieldError[]): string {
  const head = `${groupKind} ${JSON.stringify(name)} is invalid`;
  const texts = [...new Set(errors.map(formatFieldError))];
  if (texts.length === 0) return head;
  return texts.length === 1 ? `${head}: ${texts[0]}` : `${head}: [${texts.join(', ')}]`;
}

/** Go's `%#v` of a `map[string]string`: keys sorted, `map[string]string(nil)` when absent. */
export function goStringMap(map: Record<string, string> | undefined): GoLiteral {
  if (map === undefined) return { goSyntax: 'map[string]string(nil)' };
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`);
  return { goSyntax: `map[string]string{${entries.join(', ')}}` };
}

/**
 * Go's `%#v` of a slice of strings or of a string type (`type` is `string`,
 * `networking.PolicyType`, ...): `[]string{"a", "b"}`, `[]string(nil)` when absent.
 */
export function goStringList(values: readonly string[] | undefined, type = 'string'): GoLiteral {
  if (values === undefined) return { goSyntax: `[]${type}(nil)` };
  return { goSyntax: `[]${type}{${values.map(goQuote).join(', ')}}` };
}

function goStringSlice(values: readonly string[] | undefined): string {
  return goStringList(values).goSyntax;
}

/** Go's `%#v` of a `metav1.LabelSelector`, as it appears in selector error messages. */
export function goLabelSelector(selector: LabelSelector): GoLiteral {
  const labels = goStringMap(selector.matchLabels).goSyntax;
  const exprs = selector.matchExpressions;
  const reqs =
    exprs === undefined
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${exprs
          .map(
            (e) =>
              `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key ?? '')}, Operator:${JSON.stringify(e.operator ?? '')}, Values:${goStringSlice(e.values)}}`,
          )
          .join(', ')}}`;
  return { goSyntax: `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${reqs}}` };
}

/** Go's `%#v` of an `intstr.IntOrString`. */
export function goIntOrString(value: number | string): GoLiteral {
  return typeof value === 'number'
    ? { goSyntax: `intstr.IntOrString{Type:0, IntVal:${value}, StrVal:""}` }
    : { goSyntax: `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(value)}}` };
}

/** `Too many: <actual>: must have at most <max> items`. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, message: `Too many: ${actual}: must have at most ${max} items` };
}

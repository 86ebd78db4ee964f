/**
 * Field-level validation errors shaped like apimachinery's `field.Error`, and their text
 * (`metadata.name: Invalid value: "x": ...`), which the apiserver puts in `Status.message`
 * and `details.causes`. Pure data: nothing here throws.
 */
import { goFloat, goQuote } from './goformat.js';

/** The machine-readable kind of a field error; equals the Kubernetes `CauseType`. */
export type FieldErrorType =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueTooLong'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate';

/**
 * One field error. `field` is the rendered path (`metadata.labels`, `spec.containers[0].name`,
 * or `<nil>` where Kubernetes has no path). `badValue` is omitted from the text for
 * Required/Forbidden/TooLong errors, as Kubernetes does.
 */
export interface FieldError {
  readonly type: FieldErrorType;
  readonly field: string;
  readonly badValue?: unknown;
  readonly detail: string;
}

const TYPE_TEXT: Readonly<Record<FieldErrorType, string>> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueTooLong: 'Too long',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueDuplicate: 'Duplicate value',
};

const VALUELESS: ReadonlySet<FieldErrorType> = new Set([
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueForbidden',
]);

/** An `Invalid value` error, as field.Invalid. */
export function invalidField(field: string, badValue: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, badValue, detail };
}

/** A `Required value` error, as field.Required. */
export function requiredField(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, detail };
}

/** A `Too long` error, as field.TooLong: "may not be more than N bytes". */
export function tooLongField(field: string, maxLength: number): FieldError {
  const unit = maxLength === 1 ? 'byte' : 'bytes';
  return { type: 'FieldValueTooLong', field, detail: `may not be more than ${maxLength} ${unit}` };
}

/** The error text without the field path, as field.Error.ErrorBody. */
export function fieldErrorBody(err: FieldError): string {
  const head = TYPE_TEXT[err.type];
  const body = VALUELESS.has(err.type) ? head : `${head}: ${renderBadValue(err.badValue)}`;
  return err.detail.length > 0 ? `${body}: ${err.detail}` : body;
}

/** The full error text `<field>: <body>`, as field.Error.Error. */
export function formatFieldError(err: FieldError): string {
  return `${err.field}: ${fieldErrorBody(err)}`;
}

/**
 * The text of a list of field errors as Kubernetes aggregates them: duplicates dropped,
 * one error printed alone, several joined as `[a, b]`. Empty list gives ''.
 */
export function formatFieldErrors(errs: readonly FieldError[]): string {
  const texts = [...new Set(errs.map(formatFieldError))];
  if (texts.length <= 1) return texts[0] ?? '';
  return `[${texts.join(', ')}]`;
}

function renderBadValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value ?? null);
}

/**
 * The machinery error catalogue: each entry has a stable code, the HTTP status the
 * apiserver answers with, and a template producing Kubernetes' exact message (kubectl
 * prints these verbatim). Code inside Wheelhouse matches on `code`, never on the message.
 */
import { goQuote, goTypeName, goValue } from './goformat.js';

const QUANTITY_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** Catalogue of machinery errors: code -> [HTTP status, message template]. */
export const MACHINERY_ERRORS = {
  // label selectors (k8s.io/apimachinery/pkg/labels)
  LabelSelectorSyntax: [400, (found: string, expected: string) => `found '${found}', expected: ${expected}`],
  LabelSelectorOpenParen: [400, (found: string) => `found '${found}' expected: '('`],
  LabelSelectorRequirement: [400, (detail: string) => `unable to parse requirement: ${detail}`],
  LabelSelectorInvalid: [400, (fieldErrors: string) => fieldErrors],
  LabelSelectorOperator: [400, (op: string) => `${goQuote(op)} is not a valid label selector operator`],
  // field selectors (k8s.io/apimachinery/pkg/fields)
  FieldSelectorTerm: [
    400,
    (selector: string, part: string) => `invalid selector: '${selector}'; can't understand '${part}'`,
  ],
  FieldSelectorEscape: [400, (sequence: string) => `invalid field selector: invalid escape sequence: ${sequence}`],
  FieldSelectorUnescaped: [
    400,
    (char: string) => `invalid field selector: unescaped character in value: ${char.codePointAt(0) ?? 0}`,
  ],
  // durations (Go's time.ParseDuration)
  DurationInvalid: [400, (text: string) => `time: invalid duration ${goQuote(text)}`],
  DurationMissingUnit: [400, (text: string) => `time: missing unit in duration ${goQuote(text)}`],
  DurationUnknownUnit: [
    400,
    (unit: string, text: string) => `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`,
  ],
  // time zones (Go's time.LoadLocation) and cron schedules (github.com/robfig/cron/v3's parser,
  // which Kubernetes validates CronJob schedules with)
  TimeZoneUnknown: [400, (name: string) => `unknown time zone ${name}`],
  CronEmptySpec: [400, () => 'empty spec string'],
  CronBadLocation: [400, (name: string, detail: string) => `provided bad location ${name}: ${detail}`],
  CronDescriptor: [400, (spec: string) => `unrecognized descriptor: ${spec}`],
  CronEveryDuration: [400, (spec: string, detail: string) => `failed to parse duration ${spec}: ${detail}`],
  CronFieldCount: [
    400,
    (expected: number, found: number, fields: string) =>
      `expected exactly ${expected} fields, found ${found}: ${fields}`,
  ],
  CronParseInt: [400, (expr: string, detail: string) => `failed to parse int from ${expr}: ${detail}`],
  CronNegative: [400, (num: number, expr: string) => `negative number (${num}) not allowed: ${expr}`],
  CronTooManyHyphens: [400, (expr: string) => `too many hyphens: ${expr}`],
  CronTooManySlashes: [400, (expr: string) => `too many slashes: ${expr}`],
  CronBelowMinimum: [
    400,
    (start: number, min: number, expr: string) => `beginning of range (${start}) below minimum (${min}): ${expr}`,
  ],
  CronAboveMaximum: [
    400,
    (end: number, max: number, expr: string) => `end of range (${end}) above maximum (${max}): ${expr}`,
  ],
  CronRangeInverted: [
    400,
    (start: number, end: number, expr: string) => `beginning of range (${start}) beyond end of range (${end}): ${expr}`,
  ],
  CronZeroStep: [400, (expr: string) => `step of range should be a positive number: ${expr}`],
  // quantities (k8s.io/apimachinery/pkg/api/resource)
  QuantityFormat: [400, () => `quantities must match the regular expression '${QUANTITY_RE}'`],
  QuantityNumeric: [400, () => 'unable to parse numeric part of quantity'],
  QuantitySuffix: [400, () => "unable to parse quantity's suffix"],
  // decoding JSON into Go types (encoding/json as sigs.k8s.io/json runs it; encoding/base64)
  JsonUnmarshalField: [
    400,
    (value: string, struct: string, field: string, goType: string) =>
      `json: cannot unmarshal ${value} into Go struct field ${struct}.${field} of type ${goType}`,
  ],
  JsonUnmarshalValue: [
    400,
    (value: string, goType: string) => `json: cannot unmarshal ${value} into Go value of type ${goType}`,
  ],
  Base64Corrupt: [400, (offset: number) => `illegal base64 data at input byte ${offset}`],
  // JSON patch (gopkg.in/evanphx/json-patch.v4 as the apiserver uses it)
  JsonPatchNotArray: [400, (kind: string) => `json: cannot unmarshal ${kind} into Go value of type jsonpatch.Patch`],
  JsonPatchUnknownOp: [422, (op: string) => `Unexpected kind: ${op}`],
  JsonPatchMissingField: [
    422,
    (op: string, field: string) => `${op} operation failed to decode ${field}: missing value`,
  ],
  JsonPatchMissingPath: [
    422,
    (op: string, path: string) =>
      `${op} operation does not apply: doc is missing path: ${quotedFor(op, path)}: missing value`,
  ],
  JsonPatchTestMissingPath: [
    422,
    (path: string) => `test operation does not apply: is missing path: ${path}: missing value`,
  ],
  JsonPatchMissingKey: [
    422,
    (path: string) => `replace operation does not apply: doc is missing key: ${path}: missing value`,
  ],
  JsonPatchMissingFrom: [
    422,
    (op: string, from: string) => `${op} operation does not apply: doc is missing from path: ${from}: missing value`,
  ],
  JsonPatchMissingDestination: [
    422,
    (op: string, path: string) =>
      `${op} operation does not apply: doc is missing destination path: ${path}: missing value`,
  ],
  JsonPatchNonexistentKey: [
    422,
    (op: string, where: string, key: string) =>
      `error in ${op} for path: '${where}': Unable to remove nonexistent key: ${key}: missing value`,
  ],
  JsonPatchInvalidIndex: [
    422,
    (op: string, where: string, index: string) =>
      `error in ${op} for path: '${where}': Unable to access invalid index: ${index}: invalid index referenced`,
  ],
  JsonPatchBadIndex: [
    422,
    (op: string, where: string, key: string) =>
      `error in ${op} for path: '${where}': value was not a proper array index: '${key}': strconv.Atoi: parsing ${goQuote(key)}: invalid syntax`,
  ],
  JsonPatchTestFailed: [422, (path: string) => `testing value ${path} failed: test failed`],
  JsonPatchCopyTooLarge: [
    422,
    (accumulated: number, limit: number) =>
      `Unable to complete the copy, the accumulated size increase of copy is ${accumulated}, exceeding the limit ${limit}`,
  ],
  // protobuf bodies (k8s.io/apimachinery/pkg/runtime/serializer/protobuf and pkg/runtime)
  ProtobufPrefix: [400, () => 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]'],
  ProtobufMissingKind: [
    400,
    (apiVersion: string, kind: string) =>
      `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:${goQuote(apiVersion)}, Kind:${goQuote(kind)}}'`,
  ],
  ProtobufMissingVersion: [
    400,
    (apiVersion: string, kind: string) =>
      `Object 'apiVersion' is missing in 'runtime.TypeMeta{APIVersion:${goQuote(apiVersion)}, Kind:${goQuote(kind)}}'`,
  ],
  ProtobufNotRegistered: [
    400,
    (kind: string, version: string) =>
      `no kind ${goQuote(kind)} is registered for version ${goQuote(version)} in scheme "pkg/api/legacyscheme/scheme.go:30"`,
  ],
  ProtobufMalformed: [400, (detail: string) => detail],
  // strategic merge patch (k8s.io/apimachinery/pkg/util/mergepatch and strategicpatch)
  BadJSONDoc: [400, () => 'invalid JSON document'],
  BadPatchFormatForPrimitiveList: [400, () => 'invalid patch format of primitive list'],
  BadPatchFormatForRetainKeys: [400, () => 'invalid patch format of retainKeys'],
  BadPatchFormatForSetElementOrderList: [400, () => 'invalid patch format of setElementOrder list'],
  NoListOfLists: [422, () => 'lists of lists are not supported'],
  NoMergeKey: [500, (map: unknown, key: string) => `map: ${goValue(map)} does not contain declared merge key: ${key}`],
  NoMergeKeyForType: [500, (kind: string) => `cannot merge lists without merge key for type ${kind}`],
  BadArgType: [
    500,
    (expected: string, actual: unknown) => `expected a ${expected}, but received a ${goTypeName(actual)}`,
  ],
  BadPatchType: [500, (t: unknown, map: unknown) => `unknown patch type: ${goValue(t)} in map: ${goValue(map)}`],
  MergeListDirective: [500, () => 'merging lists cannot yet be specified in the patch'],
  ListElementTypes: [500, (slices: unknown) => `list element types are not identical: ${goValue(slices)}`],
  NoListElements: [500, () => 'no elements in any of the given slices'],
  NotAMap: [500, (index: number) => `value for key ${index} is not a map.`],
  SetElementOrderMismatch: [
    500,
    (patchList: unknown, orderList: unknown) =>
      `The order in patch list:\n${goValue(patchList)}\n doesn't match $setElementOrder list:\n${goValue(orderList)}\n`,
  ],
} as const satisfies Record<string, readonly [number, (...args: never[]) => string]>;

function quotedFor(op: string, path: string): string {
  return op === 'add' || op === 'remove' ? `"${path}"` : path;
}

type Catalogue = typeof MACHINERY_ERRORS;

/** A stable machinery error code. */
export type MachineryErrorCode = keyof Catalogue;

/** The arguments the message template of `C` takes. */
export type MachineryErrorArgs<C extends MachineryErrorCode> = Parameters<Catalogue[C][1]>;

/** An error with Kubernetes' exact text and the HTTP status to answer with; match on `code`. */
export class MachineryError extends Error {
  readonly code: MachineryErrorCode;
  readonly status: number;

  constructor(code: MachineryErrorCode, message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MachineryError';
    this.code = code;
    this.status = status;
  }
}

/** Builds the catalogued error `code` with its message rendered from `args`. */
export function machineryError<C extends MachineryErrorCode>(code: C, ...args: MachineryErrorArgs<C>): MachineryError {
  const [status, template] = MACHINERY_ERRORS[code];
  const message = (template as (...a: MachineryErrorArgs<C>) => string)(...args);
  return new MachineryError(code, message, status);
}

/** True when `err` is a MachineryError, optionally of the given code. */
export function isMachineryError(err: unknown, code?: MachineryErrorCode): err is MachineryError {
  return err instanceof MachineryError && (code === undefined || err.code === code);
}

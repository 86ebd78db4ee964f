/**
 * @wheelhouse/machinery: the Kubernetes API machinery every Wheelhouse component shares —
 * label and field selectors, name and label validation, resource quantities, JSON / merge /
 * strategic merge patches, and deep freeze / clone of JSON objects. Pure functions, no I/O;
 * errors are MachineryError with Kubernetes' exact texts (see errors.ts).
 */
export { MACHINERY_ERRORS, MachineryError, isMachineryError, machineryError } from './errors.js';
export type { MachineryErrorArgs, MachineryErrorCode } from './errors.js';

export { deepClone, deepFreeze, getOwn, hasOwn, isJsonObject, jsonEqual, setOwn } from './json.js';
export { spreadWith } from './spread.js';
export { jsonNumberLiterals } from './json-number-literals.js';
export { base64CorruptOffset } from './base64.js';
export type {
  DeepReadonly,
  JsonObject,
  JsonPrimitive,
  JsonValue,
  ReadonlyJsonObject,
  ReadonlyJsonValue,
} from './json.js';

export {
  fieldErrorBody,
  formatFieldError,
  formatFieldErrors,
  invalidField,
  requiredField,
  tooLongField,
} from './field-errors.js';
export type { FieldError, FieldErrorType } from './field-errors.js';
export { goQuote, goTypeName, goValue } from './goformat.js';

export {
  DNS1035_LABEL_MAX_LENGTH,
  DNS1123_LABEL_MAX_LENGTH,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
  TOTAL_ANNOTATION_SIZE_LIMIT_BYTES,
  annotationsSize,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  maxLenError,
  regexError,
  validateAnnotations,
  validateLabels,
} from './validation.js';

export {
  GENERATED_SUFFIX_LENGTH,
  MAX_GENERATED_NAME_BASE_LENGTH,
  NAME_SUFFIX_ALPHABET,
  generateName,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  randomNameSuffix,
} from './names.js';
export type { RandomSource } from './names.js';

export {
  everythingLabelSelector,
  formatLabelSelector,
  isEmptyLabelSelector,
  labelRequirement,
  labelSelectorFromSet,
  labelSelectorFromStructured,
  labelSelectorOf,
  labelSelectorRequiresExactMatch,
  labelSelectorToString,
  matchesLabels,
  nothingLabelSelector,
  requirementMatches,
  requirementToString,
} from './label-selector.js';
export type {
  LabelOperator,
  LabelRequirement,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  ParsedLabelSelector,
} from './label-selector.js';
export { parseLabelSelector } from './label-selector-parser.js';

export {
  escapeFieldSelectorValue,
  fieldSelectorFromSet,
  fieldSelectorRequiresExactMatch,
  fieldSelectorToString,
  isEmptyFieldSelector,
  matchesFields,
  parseFieldSelector,
  unescapeFieldSelectorValue,
} from './field-selector.js';
export type { FieldOperator, FieldRequirement, Fields, ParsedFieldSelector } from './field-selector.js';

export { Quantity, canonicalString, newMilliQuantity, newQuantity } from './quantity.js';
export type { QuantityFormat } from './quantity.js';
export { mustParseQuantity, parseQuantity } from './quantity-parse.js';

export {
  escapePointerToken,
  formatJsonPointer,
  parseJsonPointer,
  resolveJsonPointer,
  unescapePointerToken,
} from './json-pointer.js';
export { applyJsonPatch } from './json-patch.js';
export type { JsonPatchLimits, JsonPatchOperation } from './json-patch.js';
export { applyMergePatch, createMergePatch } from './merge-patch.js';
export { strategicMergePatch } from './strategic-merge.js';
export { strategicMergeDiff } from './strategic-diff.js';
export { defaultPatchStrategies, patchStrategyKinds, toStrategyLookup } from './patch-strategies.js';
export type { PatchStrategy, PatchStrategyLookup, PatchStrategyTable } from './patch-strategies.js';

export { compileSchema, parseField } from './protobuf/descriptor.js';
export type { DescriptorTable, FieldSpec, ProtoSchema } from './protobuf/descriptor.js';
export { APIMACHINERY_DESCRIPTORS } from './protobuf/apimachinery.js';
export { GoJsonWriter, formatGoTime } from './protobuf/go-json.js';
export { PROTOBUF_MAGIC, PROTOBUF_MEDIA_TYPE, decodeEnvelope, decodeMessage } from './protobuf/envelope.js';
export type { ProtobufEnvelope } from './protobuf/envelope.js';
export { formatMicroTime, formatTime } from './time.js';
export { type Clock, type TimerHandle, realClock } from './clock.js';
export { parseGoDuration } from './duration.js';
export { parseCronSchedule } from './cron/parse.js';
export type { CronSchedule } from './cron/schedule.js';
export { TimeZone, loadTimeZone, localTimeZone } from './cron/zone.js';

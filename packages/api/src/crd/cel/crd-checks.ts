/**
 * The CRD-time checks of x-kubernetes-validations rules (the CEL part of
 * ValidateCustomResourceDefinitionOpenAPISchema): each rule and messageExpression must compile,
 * oldSelf only where old values correlate, optionalOldSelf only with oldSelf, fieldPath valid.
 */
import type { JSONSchemaProps, ValidationRule } from '../../schema/apiextensions-v1.js';
import { invalid, type BadValue, type FieldError } from '../../validation/field-errors.js';
import { compileRule } from './compile.js';
import { normalizeRuleFieldPath } from './field-path.js';

const goString = (s: string | undefined) => JSON.stringify(s ?? '');

/** Go's `%#v` of an apiextensions.ValidationRule, as kube quotes a rule in its errors. */
export function goValidationRule(rule: ValidationRule): BadValue {
  const reason =
    rule.reason === undefined
      ? '(*apiextensions.FieldValueErrorReason)(nil)'
      : `(*apiextensions.FieldValueErrorReason)(${goString(rule.reason)})`;
  const oldSelf = rule.optionalOldSelf === undefined ? '(*bool)(nil)' : `(*bool)(${String(rule.optionalOldSelf)})`;
  return {
    goSyntax: `apiextensions.ValidationRule{Rule:${goString(rule.rule)}, Message:${goString(rule.message)}, MessageExpression:${goString(rule.messageExpression)}, Reason:${reason}, FieldPath:${goString(rule.fieldPath)}, OptionalOldSelf:${oldSelf}}`,
  };
}

/**
 * The CEL errors of the rules on one schema node at `path`; `uncorrelatable` is the path of the
 * list or atomic map above it that makes oldSelf meaningless there, if any.
 */
export function celRuleErrors(schema: JSONSchemaProps, path: string, uncorrelatable: string | undefined): FieldError[] {
  const errs: FieldError[] = [];
  (schema['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const at = `${path}.x-kubernetes-validations[${i}]`;
    if (rule.fieldPath && normalizeRuleFieldPath(schema, rule.fieldPath) === undefined)
      errs.push(invalid(`${at}.fieldPath`, rule.fieldPath, 'fieldPath must be a valid path'));
    const compiled = compileRule(rule);
    if (compiled.error !== undefined) errs.push(invalid(`${at}.rule`, goValidationRule(rule), compiled.error));
    if (compiled.messageError !== undefined)
      errs.push(invalid(`${at}.messageExpression`, goValidationRule(rule), compiled.messageError));
    if (compiled.error !== undefined) return;
    if (compiled.usesOldSelf && uncorrelatable !== undefined)
      errs.push(
        invalid(
          `${at}.rule`,
          rule.rule ?? '',
          `oldSelf cannot be used on the uncorrelatable portion of the schema within ${uncorrelatable}`,
        ),
      );
    else if (!compiled.usesOldSelf && rule.optionalOldSelf !== undefined)
      errs.push(
        invalid(`${at}.optionalOldSelf`, rule.optionalOldSelf, 'may not be set if oldSelf is not used in rule'),
      );
  });
  return errs;
}

/**
 * The CRD-time checks of x-kubernetes-validations rules (the CEL part of
 * ValidateCustomResourceDefinitionOpenAPISchema): each rule and messageExpression must compile,
 * and type-check against the schema of its node,
 * oldSelf only where old values correlate, optionalOldSelf only with oldSelf, fieldPath valid.
 */
import type { JSONSchemaProps, ValidationRule } from '../../schema/apiextensions-v1.js';
import { invalid, type BadValue, type FieldError } from '../../validation/field-errors.js';
import { compileRule } from './compile.js';
import { normalizeRuleFieldPath } from './field-path.js';
import { typeCheckRule } from './type-check.js';

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

/** A rule's compile errors: untyped first (syntax, functions), then against the node's schema. */
function compileErrors(
  rule: ValidationRule,
  schema: JSONSchemaProps,
  resourceRoot: boolean,
): { error?: string | undefined; messageError?: string | undefined } {
  const compiled = compileRule(rule);
  if (compiled.error !== undefined && compiled.messageError !== undefined) return compiled;
  const typed = typeCheckRule(rule, schema, resourceRoot);
  return { error: compiled.error ?? typed.error, messageError: compiled.messageError ?? typed.messageError };
}

/**
 * The CEL errors of the rules on one schema node at `path`; `uncorrelatable` is the path of the
 * list or atomic map above it that makes oldSelf meaningless there, if any; `root` for the
 * schema's root (which, like an embedded resource, has apiVersion, kind and metadata in CEL).
 */
export function celRuleErrors(
  schema: JSONSchemaProps,
  path: string,
  uncorrelatable: string | undefined,
  root = false,
): FieldError[] {
  const errs: FieldError[] = [];
  const resourceRoot = root || schema['x-kubernetes-embedded-resource'] === true;
  (schema['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const at = `${path}.x-kubernetes-validations[${i}]`;
    if (rule.fieldPath && normalizeRuleFieldPath(schema, rule.fieldPath) === undefined)
      errs.push(invalid(`${at}.fieldPath`, rule.fieldPath, 'fieldPath must be a valid path'));
    const problems = compileErrors(rule, schema, resourceRoot);
    if (problems.error !== undefined) errs.push(invalid(`${at}.rule`, goValidationRule(rule), problems.error));
    if (problems.messageError !== undefined)
      errs.push(invalid(`${at}.messageExpression`, goValidationRule(rule), problems.messageError));
    if (problems.error !== undefined) return;
    const compiled = compileRule(rule);
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

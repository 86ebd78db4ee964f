/**
 * The CRD-time checks of x-kubernetes-validations rules (the CEL part of
 * ValidateCustomResourceDefinitionOpenAPISchema): each rule and messageExpression must compile,
 * and type-check against the schema of its node within kube's estimated cost limits,
 * oldSelf only where old values correlate, optionalOldSelf only with oldSelf, fieldPath valid.
 */
import type { JSONSchemaProps, ValidationRule } from '../../schema/apiextensions-v1.js';
import { forbidden, invalid, type BadValue, type FieldError } from '../../validation/field-errors.js';
import { compileRule, type CompiledRule } from './compile.js';
import { maxCardinality, saturatingProduct, STATIC_ESTIMATED_COST_LIMIT, type RuleCostContext } from './cost-limits.js';
import { costErrorMessage } from './cost-model.js';
import { normalizeRuleFieldPath } from './field-path.js';
import { typeCheckRule, type TypeCheckResult } from './type-check.js';

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
 * A rule's compile errors, untyped ones (syntax, functions: `compiled`) before those against the
 * node's schema, and the estimated costs of the expressions that compile (as kube's, a rule's cost
 * counts even when its messageExpression does not compile).
 */
function compileErrors(
  compiled: CompiledRule,
  rule: ValidationRule,
  schema: JSONSchemaProps,
  resourceRoot: boolean,
): TypeCheckResult {
  const typed = typeCheckRule(rule, schema, resourceRoot);
  const out = { ...typed };
  if (compiled.error !== undefined) Object.assign(out, { error: compiled.error, maxCost: undefined });
  if (compiled.messageError !== undefined)
    Object.assign(out, { messageError: compiled.messageError, messageMaxCost: undefined });
  return out;
}

/** kube's cost errors of one rule: its estimate times its node's cardinality, and its messageExpression's estimate. */
function costErrors(at: string, result: TypeCheckResult, cost: RuleCostContext): FieldError[] {
  const errs: FieldError[] = [];
  if (result.maxCost !== undefined) {
    const cardinality = cost.cardinality ?? maxCardinality(result.minSize ?? 0);
    const ruleCost = saturatingProduct(result.maxCost, cardinality);
    if (ruleCost > STATIC_ESTIMATED_COST_LIMIT && cost.suppressPerExpressionCost !== true)
      errs.push(
        forbidden(`${at}.rule`, costErrorMessage('estimated rule cost', ruleCost, STATIC_ESTIMATED_COST_LIMIT)),
      );
    cost.total.observe(`${at}.rule`, ruleCost);
  }
  return errs;
}

function messageCostErrors(at: string, result: TypeCheckResult, cost: RuleCostContext): FieldError[] {
  if (result.error !== undefined || result.messageError !== undefined || result.messageMaxCost === undefined) return [];
  cost.total.observe(`${at}.messageExpression`, result.messageMaxCost);
  if (result.messageMaxCost <= STATIC_ESTIMATED_COST_LIMIT || cost.suppressPerExpressionCost === true) return [];
  const detail = costErrorMessage(
    'estimated messageExpression cost',
    result.messageMaxCost,
    STATIC_ESTIMATED_COST_LIMIT,
  );
  return [forbidden(`${at}.messageExpression`, detail)];
}

/**
 * The CEL errors of the rules on one schema node at `path`; `uncorrelatable` is the path of the
 * list (other than a map-type list) above it that makes oldSelf meaningless there, if any; `root` for the
 * schema's root (which, like an embedded resource, has apiVersion, kind and metadata in CEL);
 * `cost` the node's cardinality and the schema's running cost total.
 */
export function celRuleErrors(
  schema: JSONSchemaProps,
  path: string,
  uncorrelatable: string | undefined,
  root: boolean,
  cost: RuleCostContext,
): FieldError[] {
  const errs: FieldError[] = [];
  const resourceRoot = root || schema['x-kubernetes-embedded-resource'] === true;
  (schema['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const at = `${path}.x-kubernetes-validations[${i}]`;
    if (rule.fieldPath && normalizeRuleFieldPath(schema, rule.fieldPath) === undefined)
      errs.push(invalid(`${at}.fieldPath`, rule.fieldPath, 'fieldPath must be a valid path'));
    const compiled = compileRule(rule);
    const problems = compileErrors(compiled, rule, schema, resourceRoot);
    errs.push(...costErrors(at, problems, cost));
    if (problems.error !== undefined) errs.push(invalid(`${at}.rule`, goValidationRule(rule), problems.error));
    if (problems.messageError !== undefined)
      errs.push(invalid(`${at}.messageExpression`, goValidationRule(rule), problems.messageError));
    errs.push(...messageCostErrors(at, problems, cost));
    if (problems.error !== undefined) return;
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

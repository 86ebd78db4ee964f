/**
 * ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding validation (Kubernetes'
 * pkg/apis/admissionregistration/validation): failurePolicy, paramKind, matchConstraints with at
 * least one resourceRule, matchConditions, variables, validations (each CEL expression compiled,
 * a compile error refusing the policy as kube does), auditAnnotations; a binding's policyName,
 * paramRef (name or selector, parameterNotFoundAction) and validationActions.
 */
import {
  goQuote,
  isDNS1035Label,
  isDNS1123Subdomain,
  isQualifiedName,
  nameIsDNSSubdomain,
} from '@wheelhouse/machinery';
import { compileExpression, type ExpressionType } from '../admissionpolicy/compile.js';
import { CEL_RESERVED_SYMBOLS } from '../crd/cel/escaping.js';
import type {
  MatchCondition,
  MatchResources,
  NamedRuleWithOperations,
  ParamKind,
  ParamRef,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingAdmissionPolicySpec,
  Validation,
  Variable,
} from '../schema/admissionregistration-v1.js';
import { validateRule } from './admissionregistration.js';
import {
  duplicate,
  forbidden,
  goStringList,
  invalid,
  notSupported,
  required,
  tooMany,
  type FieldError,
  type GoLiteral,
} from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isValidPathSegmentName } from './strings.js';
import { validateLabelSelector } from './template.js';

const FAILURE_POLICIES = ['Fail', 'Ignore'];
const MATCH_POLICIES = ['Equivalent', 'Exact'];
const REASONS = ['Forbidden', 'Invalid', 'RequestEntityTooLarge', 'Unauthorized'];
const ACTIONS = ['Audit', 'Deny', 'Warn'];
const NOT_FOUND_ACTIONS = ['Deny', 'Allow'];
const MAX_AUDIT_ANNOTATIONS = 20;
const MAX_VALUE_EXPRESSION_LENGTH = 5 * 1024;

function compileErrors(source: string, type: ExpressionType, hasParams: boolean, field: string): FieldError[] {
  const compiled = compileExpression(source, type, hasParams);
  return compiled.error === undefined ? [] : [invalid(field, source, compiled.error)];
}

/** parseGroupVersion: `v1`, `group/v1`; more than one slash is an error, `/` has no version. */
function validateParamKind(kind: ParamKind, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = kind.apiVersion ?? '';
  if (apiVersion === '') errs.push(required(`${path}.apiVersion`));
  else if (apiVersion.split('/').length > 2)
    errs.push(invalid(`${path}.apiVersion`, apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
  else {
    // kube's parseGroupVersion reads `/` as no group and no version.
    const [group, version] =
      apiVersion === '/' ? ['', ''] : apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const groupErrs = group ? isDNS1123Subdomain(group) : [];
    if (groupErrs.length > 0) errs.push(invalid(`${path}.apiVersion`, group ?? '', groupErrs.join(',')));
    if (!version) errs.push(invalid(`${path}.apiVersion`, apiVersion, 'version must be specified'));
    else if (isDNS1035Label(version).length > 0)
      errs.push(invalid(`${path}.apiVersion`, version, isDNS1035Label(version).join(',')));
  }
  const k = kind.kind ?? '';
  if (k === '') errs.push(required(`${path}.kind`));
  else if (isDNS1035Label(k.toLowerCase()).length > 0)
    errs.push(
      invalid(
        `${path}.kind`,
        k,
        `may have mixed case, but should otherwise match: ${isDNS1035Label(k.toLowerCase()).join(',')}`,
      ),
    );
  return errs;
}

function validateNamedRule(rule: NamedRuleWithOperations, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (rule.resourceNames ?? []).forEach((name, i) => {
    const field = `${path}.resourceNames[${i}]`;
    errs.push(...isValidPathSegmentName(name).map((m) => invalid(field, name, m)));
    if (seen.has(name)) errs.push(duplicate(field, name));
    seen.add(name);
  });
  return [...errs, ...validateRule(rule, path)];
}

/** validateMatchResources (nil matchResources is valid; defaulting fills the selectors and matchPolicy). */
function validateMatchResources(m: MatchResources | undefined, path: string): FieldError[] {
  if (!m) return [];
  const errs: FieldError[] = [];
  if (m.matchPolicy === undefined) errs.push(required(`${path}.matchPolicy`));
  else if (!MATCH_POLICIES.includes(m.matchPolicy))
    errs.push(notSupported(`${path}.matchPolicy`, m.matchPolicy, MATCH_POLICIES));
  if (m.namespaceSelector === undefined) errs.push(required(`${path}.namespaceSelector`));
  else errs.push(...validateLabelSelector(m.namespaceSelector, `${path}.namespaceSelector`));
  if (m.objectSelector === undefined) errs.push(required(`${path}.objectSelector`));
  else errs.push(...validateLabelSelector(m.objectSelector, `${path}.objectSelector`));
  (m.resourceRules ?? []).forEach((r, i) => errs.push(...validateNamedRule(r, `${path}.resourceRules[${i}]`)));
  (m.excludeResourceRules ?? []).forEach((r, i) =>
    errs.push(...validateNamedRule(r, `${path}.excludeResourceRules[${i}]`)),
  );
  return errs;
}

function validateMatchConditions(
  conditions: readonly MatchCondition[],
  hasParams: boolean,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (conditions.length > 64) errs.push(tooMany(path, conditions.length, 64));
  const names = new Set<string>();
  conditions.forEach((c, i) => {
    const p = `${path}[${i}]`;
    const expression = (c.expression ?? '').trim();
    if (expression === '') errs.push(required(`${p}.expression`));
    else errs.push(...compileErrors(expression, 'bool', hasParams, `${p}.expression`));
    const name = c.name ?? '';
    if (name === '') errs.push(required(`${p}.name`));
    else errs.push(...isQualifiedName(name).map((m) => invalid(`${p}.name`, name, m)));
    if (name !== '' && names.has(name)) errs.push(duplicate(`${p}.name`, name));
    names.add(name);
  });
  return errs;
}

function validateVariable(v: Variable, hasParams: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = v.name ?? '';
  if (name.trim() === '') errs.push(required(`${path}.name`, 'name is not specified'));
  else if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(name) || CEL_RESERVED_SYMBOLS.has(name))
    errs.push(invalid(`${path}.name`, name, 'name is not a valid CEL identifier'));
  const expression = v.expression ?? '';
  if (expression.trim() === '') errs.push(required(`${path}.expression`, 'expression is not specified'));
  else errs.push(...compileErrors(expression, 'any', hasParams, `${path}.expression`));
  return errs;
}

function validateValidation(v: Validation, hasParams: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const expression = v.expression ?? '';
  if (expression.trim() === '') errs.push(required(`${path}.expression`, 'expression is not specified'));
  else errs.push(...compileErrors(expression, 'bool', hasParams, `${path}.expression`));
  const messageExpression = v.messageExpression ?? '';
  if (messageExpression.length > 0 && messageExpression.trim() === '')
    errs.push(invalid(`${path}.messageExpression`, messageExpression, 'must be non-empty if specified'));
  else if (messageExpression.trim() !== '')
    errs.push(...compileErrors(messageExpression, 'string', hasParams, `${path}.messageExpression`));
  const message = v.message ?? '';
  if (message.length > 0 && message.trim() === '')
    errs.push(invalid(`${path}.message`, message, 'message must be non-empty if specified'));
  else if (/[\n\r]/.test(message.trim()))
    errs.push(invalid(`${path}.message`, message, 'message must not contain line breaks'));
  if (v.reason !== undefined && !REASONS.includes(v.reason))
    errs.push(notSupported(`${path}.reason`, v.reason, REASONS));
  return errs;
}

type AuditAnnotation = NonNullable<ValidatingAdmissionPolicySpec['auditAnnotations']>[number];

/** Go's `%#v` of the auditAnnotations list, as kube quotes it when there are too many. */
function goAuditAnnotations(list: readonly AuditAnnotation[]): GoLiteral {
  const items = list.map(
    (a) =>
      `admissionregistration.AuditAnnotation{Key:${goQuote(a.key ?? '')}, ValueExpression:${goQuote(a.valueExpression ?? '')}}`,
  );
  return { goSyntax: `[]admissionregistration.AuditAnnotation{${items.join(', ')}}` };
}

function validateAuditAnnotations(spec: ValidatingAdmissionPolicySpec, policyName: string, path: string): FieldError[] {
  const list = spec.auditAnnotations ?? [];
  const hasParams = spec.paramKind !== undefined;
  const errs: FieldError[] = [];
  if (list.length > MAX_AUDIT_ANNOTATIONS)
    errs.push(
      invalid(path, goAuditAnnotations(list), `must not have more than ${MAX_AUDIT_ANNOTATIONS} auditAnnotations`),
    );
  const keys = new Set<string>();
  list.forEach((a, i) => {
    const p = `${path}[${i}]`;
    const key = a.key ?? '';
    if (policyName !== '')
      errs.push(...isQualifiedName(`${policyName}/${key}`).map((m) => invalid(`${p}.key`, `${policyName}/${key}`, m)));
    else errs.push(invalid(`${p}.key`, key, 'requires metadata.name be non-empty'));
    const value = (a.valueExpression ?? '').trim();
    if (value === '') errs.push(required(`${p}.valueExpression`, 'valueExpression is not specified'));
    else if (value.length > MAX_VALUE_EXPRESSION_LENGTH)
      errs.push(required(`${p}.valueExpression`, `must not exceed ${MAX_VALUE_EXPRESSION_LENGTH} bytes in length`));
    else {
      // kube compiles the trimmed text and quotes the field as given; string or null is not type-checked here.
      const error = compileExpression(value, 'any', hasParams).error;
      if (error !== undefined) errs.push(invalid(`${p}.valueExpression`, a.valueExpression ?? '', error));
    }
    if (keys.has(key)) errs.push(duplicate(`${p}.key`, key));
    keys.add(key);
  });
  return errs;
}

function validatePolicySpec(spec: ValidatingAdmissionPolicySpec, policyName: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasParams = spec.paramKind !== undefined;
  if (spec.failurePolicy === undefined) errs.push(required('spec.failurePolicy'));
  else if (!FAILURE_POLICIES.includes(spec.failurePolicy))
    errs.push(notSupported('spec.failurePolicy', spec.failurePolicy, FAILURE_POLICIES));
  if (spec.paramKind) errs.push(...validateParamKind(spec.paramKind, 'spec.paramKind'));
  if (!spec.matchConstraints) errs.push(required('spec.matchConstraints'));
  else {
    errs.push(...validateMatchResources(spec.matchConstraints, 'spec.matchConstraints'));
    if ((spec.matchConstraints.resourceRules ?? []).length === 0)
      errs.push(required('spec.matchConstraints.resourceRules'));
  }
  errs.push(...validateMatchConditions(spec.matchConditions ?? [], hasParams, 'spec.matchConditions'));
  (spec.variables ?? []).forEach((v, i) => errs.push(...validateVariable(v, hasParams, `spec.variables[${i}]`)));
  if ((spec.validations ?? []).length === 0 && (spec.auditAnnotations ?? []).length === 0) {
    const why = 'validations or auditAnnotations must contain at least one item';
    return [...errs, required('spec.validations', why), required('spec.auditAnnotations', why)];
  }
  (spec.validations ?? []).forEach((v, i) => errs.push(...validateValidation(v, hasParams, `spec.validations[${i}]`)));
  return [...errs, ...validateAuditAnnotations(spec, policyName, 'spec.auditAnnotations')];
}

/** Validates a ValidatingAdmissionPolicy on create: metadata (a DNS subdomain name) and spec. */
export function validateValidatingAdmissionPolicy(p: ValidatingAdmissionPolicy): FieldError[] {
  return [
    ...validateObjectMeta(p.metadata, false, nameIsDNSSubdomain),
    ...validatePolicySpec(p.spec ?? {}, p.metadata?.name ?? ''),
  ];
}

/** Validates a ValidatingAdmissionPolicy update: metadata update rules plus the spec as on create. */
export function validateValidatingAdmissionPolicyUpdate(
  next: ValidatingAdmissionPolicy,
  old: ValidatingAdmissionPolicy,
): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validatePolicySpec(next.spec ?? {}, next.metadata?.name ?? ''),
  ];
}

function validateParamRef(ref: ParamRef | undefined): FieldError[] {
  if (!ref) return [];
  const errs: FieldError[] = [];
  const name = ref.name ?? '';
  const path = 'spec.paramRef';
  if (name !== '') {
    errs.push(...isValidPathSegmentName(name).map((m) => invalid(`${path}.name`, name, m)));
    if (ref.selector) errs.push(forbidden(`${path}.name`, 'name and selector are mutually exclusive'));
  }
  if (ref.selector) {
    errs.push(...validateLabelSelector(ref.selector, `${path}.selector`));
    if (name !== '') errs.push(forbidden(`${path}.selector`, 'name and selector are mutually exclusive'));
  }
  if (name === '' && !ref.selector) errs.push(required(path, 'one of name or selector must be specified'));
  const action = ref.parameterNotFoundAction ?? '';
  if (action === '') errs.push(required(`${path}.parameterNotFoundAction`));
  else if (!NOT_FOUND_ACTIONS.includes(action))
    errs.push(notSupported(`${path}.parameterNotFoundAction`, action, NOT_FOUND_ACTIONS));
  return errs;
}

function validateValidationActions(actions: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!ACTIONS.includes(a)) errs.push(notSupported(`spec.validationActions[${i}]`, a, ACTIONS));
    if (seen.has(a)) errs.push(duplicate(`spec.validationActions[${i}]`, a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn'))
    errs.push(
      invalid(
        'spec.validationActions',
        goStringList(actions, 'admissionregistration.ValidationAction'),
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ),
    );
  if (seen.size === 0) errs.push(required('spec.validationActions', 'at least one validation action is required'));
  return errs;
}

function validateBindingSpec(b: ValidatingAdmissionPolicyBinding): FieldError[] {
  const spec = b.spec ?? {};
  const errs: FieldError[] = [];
  const policyName = spec.policyName ?? '';
  if (policyName === '') errs.push(required('spec.policyName'));
  else errs.push(...nameIsDNSSubdomain(policyName, false).map((m) => invalid('spec.policyName', policyName, m)));
  errs.push(...validateParamRef(spec.paramRef));
  // kube's field path has this typo.
  errs.push(...validateMatchResources(spec.matchResources, 'spec.matchResouces'));
  return [...errs, ...validateValidationActions(spec.validationActions ?? [])];
}

/** Validates a ValidatingAdmissionPolicyBinding on create. */
export function validateValidatingAdmissionPolicyBinding(b: ValidatingAdmissionPolicyBinding): FieldError[] {
  return [...validateObjectMeta(b.metadata, false, nameIsDNSSubdomain), ...validateBindingSpec(b)];
}

/** Validates a ValidatingAdmissionPolicyBinding update: metadata update rules plus the spec as on create. */
export function validateValidatingAdmissionPolicyBindingUpdate(
  next: ValidatingAdmissionPolicyBinding,
  old: ValidatingAdmissionPolicyBinding,
): FieldError[] {
  return [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateBindingSpec(next)];
}

import { describe, expect, it } from 'vitest';
import {
  defaultValidatingAdmissionPolicy,
  defaultValidatingAdmissionPolicyBinding,
} from '../defaults/admissionregistration.js';
import {
  validatingAdmissionPolicyBindingPrinter,
  validatingAdmissionPolicyPrinter,
} from '../printing/admissionregistration.js';
import type {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingAdmissionPolicySpec,
} from '../schema/admissionregistration-v1.js';
import {
  validateValidatingAdmissionPolicy,
  validateValidatingAdmissionPolicyBinding,
} from './admissionregistration-policy.js';
import { formatFieldError, type FieldError } from './field-errors.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);
const rules = [
  { operations: ['CREATE', 'UPDATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] },
];
const policy = (spec: ValidatingAdmissionPolicySpec = {}): ValidatingAdmissionPolicy =>
  defaultValidatingAdmissionPolicy({
    metadata: { name: 'demo-policy.example.com' },
    spec: {
      matchConstraints: { resourceRules: rules },
      validations: [{ expression: 'object.spec.replicas <= 5' }],
      ...spec,
    },
  });
const binding = (spec: ValidatingAdmissionPolicyBinding['spec'] = {}): ValidatingAdmissionPolicyBinding =>
  defaultValidatingAdmissionPolicyBinding({
    metadata: { name: 'demo-binding' },
    spec: { policyName: 'demo-policy.example.com', validationActions: ['Deny'], ...spec },
  });

describe('ValidatingAdmissionPolicy defaults and validation', () => {
  it("fills kube's defaults: failurePolicy Fail, matchPolicy Equivalent, empty selectors, rule scope *", () => {
    expect(policy().spec).toMatchObject({
      failurePolicy: 'Fail',
      matchConstraints: {
        matchPolicy: 'Equivalent',
        namespaceSelector: {},
        objectSelector: {},
        resourceRules: [{ scope: '*' }],
      },
    });
    expect(validateValidatingAdmissionPolicy(policy())).toEqual([]);
  });

  it('requires resourceRules and at least one validation or auditAnnotation', () => {
    const p = policy({ matchConstraints: {}, validations: [] });
    expect(messages(validateValidatingAdmissionPolicy(p))).toEqual([
      'spec.matchConstraints.resourceRules: Required value',
      'spec.validations: Required value: validations or auditAnnotations must contain at least one item',
      'spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item',
    ]);
  });

  it('refuses an expression that does not compile, an empty one, params without paramKind and a bad reason', () => {
    const p = policy({
      validations: [
        { expression: 'object.spec.replicas <=' },
        { expression: ' ' },
        { expression: 'params.max > 1' },
        { expression: 'true', reason: 'Conflict' },
        { expression: '"a"' },
      ],
    });
    const out = messages(validateValidatingAdmissionPolicy(p));
    expect(out[0]).toMatch(
      /^spec\.validations\[0\]\.expression: Invalid value: "object\.spec\.replicas <=": compilation failed: ERROR: <input>:1:/,
    );
    expect(out.slice(1)).toEqual([
      'spec.validations[1].expression: Required value: expression is not specified',
      `spec.validations[2].expression: Invalid value: "params.max > 1": compilation failed: ERROR: <input>:1:1: undeclared reference to 'params' (in container '')\n | params.max > 1\n | ^`,
      'spec.validations[3].reason: Unsupported value: "Conflict": supported values: "Forbidden", "Invalid", "RequestEntityTooLarge", "Unauthorized"',
      'spec.validations[4].expression: Invalid value: "\\"a\\"": must evaluate to bool but got string',
    ]);
  });

  it('checks paramKind and variable names', () => {
    const p = policy({ paramKind: { apiVersion: 'v1' }, variables: [{ name: 'in', expression: '1' }] });
    expect(messages(validateValidatingAdmissionPolicy(p))).toEqual([
      'spec.paramKind.kind: Required value',
      'spec.variables[0].name: Invalid value: "in": name is not a valid CEL identifier',
    ]);
  });

  it("words reference and type errors as cel-go, each issue at cel-go's position", () => {
    const p = policy({ validations: [{ expression: "nope(1) && [1].exists(x, x == 'a')" }] });
    expect(messages(validateValidatingAdmissionPolicy(p))).toEqual([
      'spec.validations[0].expression: Invalid value: "nope(1) && [1].exists(x, x == \'a\')": compilation failed: ' +
        "ERROR: <input>:1:5: undeclared reference to 'nope' (in container '')\n | nope(1) && [1].exists(x, x == 'a')\n | ....^",
    ]);
    const typed = policy({ validations: [{ expression: "[1].exists(x, x == 'a')" }] });
    expect(messages(validateValidatingAdmissionPolicy(typed))[0]).toContain(
      "ERROR: <input>:1:17: found no matching overload for '_==_' applied to '(int, string)'",
    );
  });

  it('reads paramKind apiVersion `/` as no version, as kube parseGroupVersion', () => {
    const p = policy({ paramKind: { apiVersion: '/', kind: 'ConfigMap' } });
    expect(messages(validateValidatingAdmissionPolicy(p))).toEqual([
      'spec.paramKind.apiVersion: Invalid value: "/": version must be specified',
    ]);
  });

  it('compiles auditAnnotation valueExpressions and quotes too many annotations in Go syntax', () => {
    const broken = policy({ auditAnnotations: [{ key: 'k', valueExpression: ' nope(1) ' }] });
    const [err] = messages(validateValidatingAdmissionPolicy(broken));
    expect(err).toMatch(
      /^spec\.auditAnnotations\[0\]\.valueExpression: Invalid value: " nope\(1\) ": compilation failed: /,
    );
    const many = Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, valueExpression: "'v'" }));
    const [tooMany] = messages(validateValidatingAdmissionPolicy(policy({ auditAnnotations: many })));
    expect(tooMany).toBe(
      'spec.auditAnnotations: Invalid value: []admissionregistration.AuditAnnotation{' +
        many.map((a) => `admissionregistration.AuditAnnotation{Key:"${a.key}", ValueExpression:"'v'"}`).join(', ') +
        '}: must not have more than 20 auditAnnotations',
    );
  });

  it('prints NAME VALIDATIONS PARAMKIND AGE', () => {
    const p = policy({ paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } });
    expect(validatingAdmissionPolicyPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Validations',
      'ParamKind',
      'Age',
    ]);
    expect(validatingAdmissionPolicyPrinter.cells(p, new Date()).slice(0, 3)).toEqual([
      'demo-policy.example.com',
      1,
      'v1/ConfigMap',
    ]);
    expect(validatingAdmissionPolicyPrinter.cells(policy(), new Date())[2]).toBe('<unset>');
  });
});

describe('ValidatingAdmissionPolicyBinding validation', () => {
  it('accepts a binding with a paramRef by name', () => {
    const b = binding({ paramRef: { name: 'limits', namespace: 'default', parameterNotFoundAction: 'Deny' } });
    expect(validateValidatingAdmissionPolicyBinding(b)).toEqual([]);
  });

  it('requires validationActions, refuses Deny with Warn and duplicates', () => {
    expect(messages(validateValidatingAdmissionPolicyBinding(binding({ validationActions: [] })))).toEqual([
      'spec.validationActions: Required value: at least one validation action is required',
    ]);
    expect(
      messages(validateValidatingAdmissionPolicyBinding(binding({ validationActions: ['Deny', 'Warn', 'Deny'] }))),
    ).toEqual([
      'spec.validationActions[2]: Duplicate value: "Deny"',
      'spec.validationActions: Invalid value: []admissionregistration.ValidationAction{"Deny", "Warn", "Deny"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
    ]);
  });

  it('requires parameterNotFoundAction and one of name or selector', () => {
    expect(messages(validateValidatingAdmissionPolicyBinding(binding({ paramRef: {} })))).toEqual([
      'spec.paramRef: Required value: one of name or selector must be specified',
      'spec.paramRef.parameterNotFoundAction: Required value',
    ]);
    const both = binding({ paramRef: { name: 'a', selector: {}, parameterNotFoundAction: 'Allow' } });
    expect(messages(validateValidatingAdmissionPolicyBinding(both))).toEqual([
      'spec.paramRef.name: Forbidden: name and selector are mutually exclusive',
      'spec.paramRef.selector: Forbidden: name and selector are mutually exclusive',
    ]);
  });

  it("reports matchResources errors under kube's misspelt path spec.matchResouces", () => {
    const b = binding({ matchResources: { matchPolicy: 'Sometimes', namespaceSelector: {}, objectSelector: {} } });
    expect(messages(validateValidatingAdmissionPolicyBinding(b))).toEqual([
      'spec.matchResouces.matchPolicy: Unsupported value: "Sometimes": supported values: "Equivalent", "Exact"',
    ]);
  });

  it('prints NAME POLICYNAME PARAMREF AGE', () => {
    const cells = (b: ValidatingAdmissionPolicyBinding) => validatingAdmissionPolicyBindingPrinter.cells(b, new Date());
    expect(cells(binding())[1]).toBe('demo-policy.example.com');
    expect(cells(binding())[2]).toBe('<unset>');
    expect(cells(binding({ paramRef: { name: 'p', parameterNotFoundAction: 'Deny' } }))[2]).toBe('*/p');
    expect(cells(binding({ paramRef: { name: 'p', namespace: 'ns', parameterNotFoundAction: 'Deny' } }))[2]).toBe(
      'ns/p',
    );
    expect(
      cells(
        binding({ paramRef: { selector: { matchLabels: { b: '2', a: '1' } }, parameterNotFoundAction: 'Deny' } }),
      )[2],
    ).toBe('&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{},}');
  });
});

import { describe, expect, it } from 'vitest';
import type { ValidatingAdmissionPolicySpec } from '../schema/admissionregistration-v1.js';
import { compilePolicy } from './compile.js';
import { evaluatePolicy, type PolicyInput } from './evaluate.js';

const input = (object: unknown, more: Partial<PolicyInput> = {}): PolicyInput => ({
  object,
  oldObject: null,
  request: { operation: 'CREATE', namespace: 'default' },
  params: null,
  namespaceObject: null,
  ...more,
});
const deploy = (replicas: number) => ({ metadata: { name: 'web', labels: { env: 'prod' } }, spec: { replicas } });
const run = (spec: ValidatingAdmissionPolicySpec, i: PolicyInput, failurePolicy = 'Fail') =>
  evaluatePolicy(compilePolicy(spec), i, failurePolicy);

describe('evaluatePolicy', () => {
  it('admits a passing object and denies a failing one with `failed expression: <expr>`', () => {
    const spec = { validations: [{ expression: 'object.spec.replicas <= 5' }] };
    expect(run(spec, input(deploy(5)))).toEqual({ matched: true, decisions: [{ action: 'admit' }] });
    expect(run(spec, input(deploy(6)))).toEqual({
      matched: true,
      decisions: [
        {
          action: 'deny',
          message: 'failed expression: object.spec.replicas <= 5',
          reason: 'Invalid',
          evalError: false,
        },
      ],
    });
  });

  it('prefers messageExpression, then message, and keeps the reason', () => {
    const spec = {
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      validations: [
        {
          expression: 'object.spec.replicas <= int(params.data.max)',
          messageExpression: "'replicas must be at most ' + params.data.max",
          message: 'too many',
          reason: 'Forbidden',
        },
        { expression: 'false', message: ' too many ' },
      ],
    };
    const out = run(spec, input(deploy(6), { params: { data: { max: '3' } } }));
    expect(out).toEqual({
      matched: true,
      decisions: [
        { action: 'deny', message: 'replicas must be at most 3', reason: 'Forbidden', evalError: false },
        { action: 'deny', message: 'too many', reason: 'Invalid', evalError: false },
      ],
    });
  });

  it('skips the policy when a matchCondition is false', () => {
    const spec = {
      matchConditions: [{ name: 'prod-only', expression: "object.metadata.labels['env'] == 'staging'" }],
      validations: [{ expression: 'false' }],
    };
    expect(run(spec, input(deploy(1)))).toEqual({ matched: false });
  });

  it('turns an evaluation error into a denial under Fail and an admission under Ignore', () => {
    const spec = { validations: [{ expression: 'object.spec.missing > 1' }] };
    expect(run(spec, input(deploy(1)))).toEqual({
      matched: true,
      decisions: [
        {
          action: 'deny',
          message: "expression 'object.spec.missing > 1' resulted in error: no such key: missing",
          reason: 'Invalid',
          evalError: true,
        },
      ],
    });
    expect(run(spec, input(deploy(1)), 'Ignore')).toEqual({ matched: true, decisions: [{ action: 'admit' }] });
  });

  it('evaluates variables lazily and once, reading request and oldObject', () => {
    const spec = {
      variables: [
        { name: 'isUpdate', expression: "request.operation == 'UPDATE'" },
        { name: 'broken', expression: 'object.nope' },
      ],
      validations: [{ expression: '!variables.isUpdate || object.spec.replicas >= oldObject.spec.replicas' }],
    };
    expect(run(spec, input(deploy(2)))).toEqual({ matched: true, decisions: [{ action: 'admit' }] });
    const update = input(deploy(2), { oldObject: deploy(3), request: { operation: 'UPDATE' } });
    expect(run(spec, update)).toMatchObject({ decisions: [{ action: 'deny', evalError: false }] });
  });

  it("has the CRD rules' libraries, format and optional among them (kube's base environment)", () => {
    const spec = {
      validations: [
        { expression: '!format.dns1123Label().validate(object.metadata.name).hasValue()' },
        { expression: "optional.ofNonZeroValue(object.metadata.?namespace.orValue('')).hasValue()" },
      ],
    };
    const out = run(spec, input(deploy(1)));
    expect(out).toMatchObject({
      matched: true,
      decisions: [{ action: 'admit' }, { action: 'deny', evalError: false }],
    });
    const bad = run(spec, input({ metadata: { name: 'Web', namespace: 'ns' } }));
    expect(bad).toMatchObject({ decisions: [{ action: 'deny', evalError: false }, { action: 'admit' }] });
  });

  it('falls back to message when the messageExpression result passes 5 KiB of UTF-8', () => {
    const spec = { validations: [{ expression: 'false', messageExpression: 'object.note', message: 'fallback' }] };
    const note = (n: number) => input({ metadata: { name: 'web' }, note: '→'.repeat(n) });
    expect(run(spec, note(1700))).toMatchObject({ decisions: [{ message: '→'.repeat(1700) }] });
    expect(run(spec, note(1800))).toMatchObject({ decisions: [{ message: 'fallback' }] });
  });
});

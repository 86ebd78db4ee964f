import { describe, expect, it } from 'vitest';
import { certificateCRD } from '../validation/apiextensions.test-support.js';
import { formatFieldError, invalidStatusMessage } from '../validation/field-errors.js';
import {
  customResourceVersionOf,
  validateCustomResource,
  validateCustomResourceStatusUpdate,
  validateCustomResourceUpdate,
} from './custom-resource.js';

const version = customResourceVersionOf(certificateCRD(), 'v1')!;

function certificate(spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'web', namespace: 'default' },
    spec: { secretName: 'web-tls', issuerRef: { name: 'letsencrypt' }, dnsNames: ['example.com'], ...spec },
  };
}

describe('validateCustomResource', () => {
  it('accepts a valid Certificate', () => {
    expect(validateCustomResource(version, certificate())).toEqual([]);
  });

  it('checks apiVersion, kind and the metadata name and namespace', () => {
    const obj = { ...certificate(), apiVersion: 'cert-manager.io/v2', metadata: { name: 'Web' } };
    expect(validateCustomResource(version, obj).map(formatFieldError)).toEqual([
      'apiVersion: Invalid value: "cert-manager.io/v2": must be cert-manager.io/v1',
    ]);
    expect(
      validateCustomResource(version, { ...certificate(), metadata: { name: 'Web' } }).map(formatFieldError),
    ).toEqual([
      "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      'metadata.namespace: Required value',
      '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  it('runs the CEL rules once the schema holds, and says so when errors block them', () => {
    const noNames = certificate({ dnsNames: undefined });
    delete (noNames.spec as Record<string, unknown>).dnsNames;
    expect(validateCustomResource(version, noNames).map(formatFieldError)).toEqual([
      'spec: Invalid value: "object": at least one of commonName or dnsNames must be set',
    ]);
    const errs = validateCustomResource(version, { ...noNames, spec: { ...noNames.spec, secretName: 7 } });
    expect(invalidStatusMessage('Certificate.cert-manager.io', 'web', errs)).toBe(
      'Certificate.cert-manager.io "web" is invalid: [spec.secretName: Invalid value: "integer": spec.secretName in body must be of type string: "integer", <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
    );
  });

  it('reports map-list duplicates in status on a status update, with the status schema', () => {
    const old = { ...certificate(), metadata: { name: 'web', namespace: 'default', uid: 'u' } };
    const next = {
      ...old,
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Ready', status: 'Maybe' },
        ],
      },
    };
    expect(validateCustomResourceStatusUpdate(version, next, old).map(formatFieldError)).toEqual([
      'status.conditions[1].status: Unsupported value: "Maybe": supported values: "True", "False", "Unknown"',
      'status.conditions[1]: Duplicate value: map[string]interface {}{"type":"Ready"}',
      '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  it('validates updates with metadata immutability', () => {
    const old = { ...certificate(), metadata: { name: 'web', namespace: 'default', uid: 'u' } };
    const next = { ...old, metadata: { name: 'web2', namespace: 'default', uid: 'u' } };
    expect(validateCustomResourceUpdate(version, next, old).map(formatFieldError)).toEqual([
      'metadata.name: Invalid value: "web2": field is immutable',
    ]);
  });
});

describe('validateCustomResourceUpdate ratcheting', () => {
  it('lets an invalid value the update leaves alone through, and reports a changed one', () => {
    const old = {
      ...certificate({ revisionHistoryLimit: 0 }),
      metadata: { name: 'web', namespace: 'default', uid: 'u' },
    };
    const relabelled = { ...old, metadata: { ...old.metadata, labels: { team: 'a' } } };
    expect(validateCustomResourceUpdate(version, relabelled, old)).toEqual([]);
    const changed = { ...old, spec: { ...old.spec, revisionHistoryLimit: -1 } };
    expect(validateCustomResourceUpdate(version, changed, old).map(formatFieldError)).toEqual([
      'spec.revisionHistoryLimit: Invalid value: -1: spec.revisionHistoryLimit in body should be greater than or equal to 1',
    ]);
  });
});

describe('scale subresource paths', () => {
  const scaled = {
    ...version,
    scale: {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
      labelSelectorPath: '.status.selector',
    },
  };

  it('reports values of the wrong type as unstructured accessors do, in Go types', () => {
    const obj = { ...certificate({ replicas: '3' }), status: { replicas: 2.5, selector: 7 } };
    expect(validateCustomResource(scaled, obj).map(formatFieldError)).toEqual([
      '.spec.replicas: Invalid value: 0: .spec.replicas accessor error: 3 is of the type string, expected int64',
      '.status.replicas: Invalid value: 0: .status.replicas accessor error: 2.5 is of the type float64, expected int64',
      '.status.selector: Invalid value: "": .status.selector accessor error: 7 is of the type int64, expected string',
    ]);
  });

  it('reports a non-object on the way, and nothing below a null or an absent field', () => {
    expect(validateCustomResource(scaled, { ...certificate(), status: 'x' }).map(formatFieldError)).toEqual([
      'status: Invalid value: "string": status in body must be of type object: "string"',
      '.status.replicas: Invalid value: 0: .status.replicas accessor error: x is of the type string, expected map[string]interface{}',
      '.status.selector: Invalid value: "": .status.selector accessor error: x is of the type string, expected map[string]interface{}',
      '<nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
    const belowNull = validateCustomResource(scaled, { ...certificate(), status: null });
    expect(belowNull.filter((e) => e.field.startsWith('.'))).toEqual([]);
    expect(validateCustomResource(scaled, certificate({ replicas: 3 }))).toEqual([]);
  });

  it('counts replicas as kube does', () => {
    expect(validateCustomResource(scaled, certificate({ replicas: -1 })).map(formatFieldError)).toEqual([
      '.spec.replicas: Invalid value: -1: should be a non-negative integer',
    ]);
  });
});

describe('embedded resources on a status update', () => {
  it('are checked on create and update but not through /status, as kube-apiserver does', () => {
    const embedded = {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      'x-kubernetes-preserve-unknown-fields': true,
    };
    const withRef = {
      ...version,
      schema: { type: 'object', properties: { status: { type: 'object', properties: { ref: embedded } } } },
    };
    const old = { ...certificate(), metadata: { name: 'web', namespace: 'default', uid: 'u' } };
    const next = { ...old, status: { ref: {} } };
    expect(validateCustomResourceUpdate(withRef, next, old).map(formatFieldError)).toEqual([
      'status.ref.apiVersion: Required value: must not be empty',
      'status.ref.kind: Required value: must not be empty',
    ]);
    expect(validateCustomResourceStatusUpdate(withRef, next, old)).toEqual([]);
  });
});

describe('list-type set ratcheting', () => {
  const withSet = {
    ...version,
    schema: {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } },
        },
      },
    },
  };
  const tagged = (tags: string[]) => ({
    ...certificate(),
    metadata: { name: 'web', namespace: 'default' },
    spec: { tags },
  });

  it('refuses a repeated value on create and on an update from a valid object', () => {
    expect(validateCustomResource(withSet, tagged(['a', 'a'])).map(formatFieldError)).toEqual([
      'spec.tags[1]: Duplicate value: "a"',
    ]);
    expect(validateCustomResourceUpdate(withSet, tagged(['a', 'a']), tagged(['a'])).map(formatFieldError)).toEqual([
      'spec.tags[1]: Duplicate value: "a"',
    ]);
  });

  it('lets an update through when the old object already repeated a value', () => {
    expect(validateCustomResourceUpdate(withSet, tagged(['b', 'b']), tagged(['a', 'a']))).toEqual([]);
  });
});

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

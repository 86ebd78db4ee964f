import { describe, expect, it } from 'vitest';
import { certificateSchema, serviceMonitorSchema } from '../validation/apiextensions.test-support.js';
import { formatFieldError } from '../validation/field-errors.js';
import { validateAgainstSchema } from './schema-validation.js';

function certificate(spec: Record<string, unknown>, status?: Record<string, unknown>) {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'web', namespace: 'default' },
    spec: { secretName: 'web-tls', issuerRef: { name: 'letsencrypt' }, dnsNames: ['example.com'], ...spec },
    ...(status ? { status } : {}),
  };
}

const errorsOf = (obj: unknown) => validateAgainstSchema(certificateSchema(), obj).map(formatFieldError);

describe('validateAgainstSchema', () => {
  it('accepts a valid Certificate', () => {
    expect(errorsOf(certificate({ privateKey: { algorithm: 'ECDSA', size: 256 }, revisionHistoryLimit: 3 }))).toEqual(
      [],
    );
  });

  it('reports wrong types as kube-openapi does', () => {
    expect(errorsOf(certificate({ revisionHistoryLimit: 'three', isCA: 'yes' }))).toEqual([
      'spec.isCA: Invalid value: "string": spec.isCA in body must be of type boolean: "string"',
      'spec.revisionHistoryLimit: Invalid value: "string": spec.revisionHistoryLimit in body must be of type integer: "string"',
    ]);
  });

  it('reports missing required fields, enum values, bounds and lengths', () => {
    const obj = certificate({
      secretName: undefined,
      privateKey: { algorithm: 'DSA' },
      revisionHistoryLimit: 0,
      commonName: 'x'.repeat(65),
    });
    delete (obj.spec as Record<string, unknown>).secretName;
    expect(errorsOf(obj)).toEqual([
      'spec.commonName: Too long: may not be more than 64 bytes',
      'spec.privateKey.algorithm: Unsupported value: "DSA": supported values: "RSA", "ECDSA", "Ed25519"',
      'spec.revisionHistoryLimit: Invalid value: 0: spec.revisionHistoryLimit in body should be greater than or equal to 1',
      'spec.secretName: Required value',
    ]);
  });

  it('checks the formats kube checks (date-time), and not int32/int64', () => {
    const obj = certificate({ revisionHistoryLimit: 3_000_000_000 }, { notAfter: 'next tuesday' });
    expect(errorsOf(obj)).toEqual([
      'status.notAfter: Invalid value: "next tuesday": status.notAfter in body must be of type date-time: "next tuesday"',
    ]);
    expect(errorsOf(certificate({}, { notAfter: '2027-01-01T00:00:00Z' }))).toEqual([]);
  });

  it('checks patterns and int-or-string in a ServiceMonitor', () => {
    const monitor = (endpoint: Record<string, unknown>) => ({
      spec: { selector: { matchLabels: { app: 'web' } }, endpoints: [endpoint] },
    });
    const errs = (obj: unknown) => validateAgainstSchema(serviceMonitorSchema(), obj).map(formatFieldError);
    expect(errs(monitor({ port: 'web', interval: '30s', targetPort: 8080 }))).toEqual([]);
    expect(errs(monitor({ targetPort: 'metrics' }))).toEqual([]);
    expect(errs(monitor({ interval: 'half a minute' }))).toEqual([
      `spec.endpoints[0].interval: Invalid value: "half a minute": spec.endpoints[0].interval in body should match '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$'`,
    ]);
    expect(errs(monitor({ params: { 'match[]': [1] } }))).toEqual([
      'spec.endpoints[0].params.match[][0]: Invalid value: "integer": spec.endpoints[0].params.match[][0] in body must be of type string: "integer"',
    ]);
  });

  it('reports list and map sizes with Too many and Invalid value', () => {
    const schema = {
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' }, maxItems: 2, minItems: 1 },
        labels: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1, maxProperties: 1 },
      },
    };
    expect(validateAgainstSchema(schema, { tags: ['a', 'b', 'c'], labels: {} }).map(formatFieldError)).toEqual([
      'tags: Too many: 3: must have at most 2 items',
      'labels: Invalid value: 0: labels in body should have at least 1 properties',
    ]);
    expect(validateAgainstSchema(schema, { tags: [], labels: { a: 'x', b: 'y' } }).map(formatFieldError)).toEqual([
      'tags: Invalid value: 0: tags in body should have at least 1 items',
      'labels: Too many: 2: must have at most 1 items',
    ]);
  });

  it('accepts null only where the schema is nullable', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', nullable: true }, b: { type: 'string' } } };
    expect(validateAgainstSchema(schema, { a: null }).map(formatFieldError)).toEqual([]);
    expect(validateAgainstSchema(schema, { b: null }).map(formatFieldError)).toEqual([
      'b: Invalid value: "null": b in body must be of type string: "null"',
    ]);
  });

  it('names paths relative to the validated value, under a field path root (status updates)', () => {
    const status = certificateSchema().properties?.status ?? {};
    expect(validateAgainstSchema(status, { revision: 'one' }, 'status').map(formatFieldError)).toEqual([
      'status.revision: Invalid value: "string": revision in body must be of type integer: "string"',
    ]);
  });
});

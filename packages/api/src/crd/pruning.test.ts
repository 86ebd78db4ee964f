import { describe, expect, it } from 'vitest';
import { certificateSchema } from '../validation/apiextensions.test-support.js';
import { pruneUnknownFields, unknownFieldPaths, unknownFieldWarning } from './pruning.js';

describe('pruneUnknownFields', () => {
  it('drops fields the schema does not specify and reports their paths sorted', () => {
    const obj = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'web' },
      spec: { secretName: 's', issuerRef: { name: 'i', extra: 1 }, dnsName: 'typo', dnsNames: ['a'] },
      extra: true,
    };
    const { object, unknownFields } = pruneUnknownFields(certificateSchema(), obj);
    expect(unknownFields).toEqual(['extra', 'spec.dnsName', 'spec.issuerRef.extra']);
    expect(unknownFields.map(unknownFieldWarning)).toContain('unknown field "spec.dnsName"');
    expect(object).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'web' },
      spec: { secretName: 's', issuerRef: { name: 'i' }, dnsNames: ['a'] },
    });
  });

  it('keeps fields under x-kubernetes-preserve-unknown-fields and embedded resources type meta', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } },
            },
            items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
          },
        },
      },
    };
    const obj = {
      spec: {
        values: { anything: { deep: [1, 2] } },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { replicas: 1, paused: true } },
        items: [{ name: 'a', color: 'red' }],
      },
    };
    const { object, unknownFields } = pruneUnknownFields(schema, obj);
    expect(unknownFields).toEqual(['spec.items[0].color', 'spec.template.spec.paused']);
    expect(object.spec.values).toEqual({ anything: { deep: [1, 2] } });
    expect(object.spec.template).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'x' },
      spec: { replicas: 1 },
    });
  });

  it('lists the same paths without copying or changing the object (unknownFieldPaths)', () => {
    const obj = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'web' },
      spec: { secretName: 's', issuerRef: { name: 'i', extra: 1 }, dnsName: 'typo' },
      extra: true,
    };
    const before = structuredClone(obj);
    expect(unknownFieldPaths(certificateSchema(), obj)).toEqual(['extra', 'spec.dnsName', 'spec.issuerRef.extra']);
    expect(obj).toEqual(before);
  });
});

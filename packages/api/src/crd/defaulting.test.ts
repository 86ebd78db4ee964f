import { describe, expect, it } from 'vitest';
import { certificateSchema, serviceMonitorSchema } from '../validation/apiextensions.test-support.js';
import { applySchemaDefaults } from './defaulting.js';

describe('applySchemaDefaults', () => {
  it('defaults absent fields, inside array items and additionalProperties, and defaults of defaults', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            endpoints: serviceMonitorSchema().properties?.spec?.properties?.endpoints ?? {},
            limits: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                properties: { max: { type: 'integer', default: 10 } },
              },
            },
            policy: {
              type: 'object',
              default: {},
              properties: { mode: { type: 'string', default: 'Always' } },
            },
          },
        },
      },
    };
    const obj = { spec: { endpoints: [{ port: 'web' }, { port: 'admin', honorLabels: true }], limits: { cpu: {} } } };
    expect(applySchemaDefaults(schema, obj)).toEqual({
      spec: {
        endpoints: [
          { port: 'web', honorLabels: false },
          { port: 'admin', honorLabels: true },
        ],
        limits: { cpu: { max: 10 } },
        policy: { mode: 'Always' },
      },
    });
    expect(obj.spec.endpoints[0]).toEqual({ port: 'web' });
  });

  it('replaces a null with the default, and drops nulls of non-nullable fields without one', () => {
    const schema = certificateSchema();
    const obj = { spec: { privateKey: { rotationPolicy: null, size: null } } };
    expect(applySchemaDefaults(schema, obj)).toEqual({ spec: { privateKey: { rotationPolicy: 'Always' } } });
  });
});

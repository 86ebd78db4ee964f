import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../schema/apiextensions-v1.js';
import { certificateSchema } from '../../validation/apiextensions.test-support.js';
import { validateCRDVersionSchema } from '../../validation/apiextensions-schema.js';
import { formatFieldError } from '../../validation/field-errors.js';
import { validateRules } from './evaluate.js';

const errs = (schema: JSONSchemaProps, obj: unknown, old?: unknown) =>
  validateRules(schema, obj, old).map(formatFieldError);

const scaling = (rules: JSONSchemaProps['x-kubernetes-validations']): JSONSchemaProps => ({
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        minReplicas: { type: 'integer' },
        replicas: { type: 'integer' },
        maxReplicas: { type: 'integer' },
        mode: { type: 'string' },
      },
      'x-kubernetes-validations': rules,
    },
  },
});

describe('validateRules', () => {
  it('passes a Certificate with a commonName or dnsNames and refuses one with neither, with its message', () => {
    const spec = { secretName: 's', issuerRef: { name: 'i' } };
    expect(errs(certificateSchema(), { spec: { ...spec, dnsNames: ['a.example.com'] } })).toEqual([]);
    expect(errs(certificateSchema(), { spec })).toEqual([
      'spec: Invalid value: "object": at least one of commonName or dnsNames must be set',
    ]);
  });

  it('reports `failed rule: <rule>` without a message, and `<nil>` for rules at the root', () => {
    const schema = scaling([{ rule: 'self.minReplicas <= self.replicas' }]);
    schema['x-kubernetes-validations'] = [{ rule: "self.metadata.name.startsWith('web')" }];
    expect(errs(schema, { metadata: { name: 'db' }, spec: { minReplicas: 3, replicas: 1 } })).toEqual([
      '<nil>: Invalid value: "object": failed rule: self.metadata.name.startsWith(\'web\')',
      'spec: Invalid value: "object": failed rule: self.minReplicas <= self.replicas',
    ]);
  });

  it('uses messageExpression, reason and fieldPath', () => {
    const schema = scaling([
      {
        rule: 'self.replicas <= self.maxReplicas',
        messageExpression: "'replicas ' + string(self.replicas) + ' exceeds ' + string(self.maxReplicas)",
        reason: 'FieldValueForbidden',
        fieldPath: '.replicas',
      },
    ]);
    expect(errs(schema, { spec: { replicas: 5, maxReplicas: 3 } })).toEqual([
      'spec.replicas: Forbidden: replicas 5 exceeds 3',
    ]);
  });

  it("falls back to the rule's message when its messageExpression gives nothing usable, and runs on (kube 1.32)", () => {
    const schema = scaling([
      { rule: 'self.replicas <= 3', messageExpression: "'  too many  '" },
      { rule: 'self.replicas <= 3', messageExpression: "''", message: 'empty' },
      { rule: 'self.replicas <= 3', messageExpression: "'a\\nb'", message: 'two lines' },
      { rule: 'self.replicas <= 3', messageExpression: 'self.replicas', reason: 'FieldValueForbidden' },
      { rule: 'self.replicas <= 3', messageExpression: 'string(self.replicas / 0)', message: 'failed' },
      { rule: 'self.mode == "A"', message: 'mode' },
    ]);
    expect(errs(schema, { spec: { replicas: 5, mode: 'B' } })).toEqual([
      'spec: Invalid value: "object": too many',
      'spec: Invalid value: "object": empty',
      'spec: Invalid value: "object": two lines',
      'spec: Forbidden: failed rule: self.replicas <= 3',
      'spec: Invalid value: "object": failed',
      'spec: Invalid value: "object": mode',
    ]);
  });

  it('runs transition rules only on update, with oldSelf', () => {
    const schema = scaling([{ rule: 'self.mode == oldSelf.mode', message: 'mode is immutable' }]);
    expect(errs(schema, { spec: { mode: 'A' } })).toEqual([]);
    expect(errs(schema, { spec: { mode: 'B' } }, { spec: { mode: 'A' } })).toEqual([
      'spec: Invalid value: "object": mode is immutable',
    ]);
    const optional = scaling([{ rule: "!oldSelf.hasValue() || self.mode == 'A'", optionalOldSelf: true }]);
    expect(errs(optional, { spec: { mode: 'B' } })).toEqual([]);
    expect(errs(optional, { spec: { mode: 'B' } }, { spec: { mode: 'C' } })).toEqual([
      `spec: Invalid value: "object": failed rule: !oldSelf.hasValue() || self.mode == 'A'`,
    ]);
  });

  it('lets an unchanged value keep failing a non-transition rule on update (ratcheting)', () => {
    const schema = scaling([{ rule: 'self.replicas <= 10' }]);
    expect(errs(schema, { spec: { replicas: 20 } }, { spec: { replicas: 20 } })).toEqual([]);
    expect(errs(schema, { spec: { replicas: 20 } }, { spec: { replicas: 5 } })).toHaveLength(1);
  });

  it('reports runtime errors as kube does', () => {
    const schema = scaling([{ rule: 'self.replicas > 0' }]);
    expect(errs(schema, { spec: { mode: 'A' } })).toEqual([
      'spec: Invalid value: "object": no such key: replicas evaluating rule: self.replicas > 0',
    ]);
  });

  it('provides the Kubernetes library: lists, strings, regex, url, quantity, ip and cidr', () => {
    const rules = [
      'self.ports.isSorted() && self.ports.sum() == 6 && self.ports.max() == 3 && self.ports.indexOf(2) == 1',
      "self.name.charAt(0) == 'w' && self.name.replace('-', '_') == 'web_1' && self.name.find('[0-9]+') == '1'",
      "url(self.endpoint).getHost() == 'example.com:8443' && url(self.endpoint).getPort() == '8443'",
      "quantity(self.memory).isGreaterThan(quantity('512Mi')) && isQuantity(self.memory)",
      "cidr('10.0.0.0/8').containsIP(self.address) && ip(self.address).family() == 4",
      "sets.contains(self.ports, [1, 3]) && '%s-%d'.format([self.name, 7]) == 'web-1-7'",
    ];
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        ports: { type: 'array', items: { type: 'integer' } },
        name: { type: 'string' },
        endpoint: { type: 'string' },
        memory: { type: 'string' },
        address: { type: 'string' },
      },
      'x-kubernetes-validations': rules.map((rule) => ({ rule })),
    };
    const obj = {
      ports: [1, 2, 3],
      name: 'web-1',
      endpoint: 'https://example.com:8443/x',
      memory: '1Gi',
      address: '10.1.2.3',
    };
    expect(validateRules(schema, obj).map(formatFieldError)).toEqual([]);
    expect(validateRules(schema, { ...obj, ports: [3, 2, 1], memory: '1Mi' }).map(formatFieldError)).toEqual([
      `<nil>: Invalid value: "object": failed rule: ${rules[0]}`,
      `<nil>: Invalid value: "object": failed rule: ${rules[3]}`,
    ]);
  });

  it('reaches escaped property names as kube does (foo-bar as foo__dash__bar, namespace as itself or __namespace__)', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: { 'dns-name': { type: 'string' }, namespace: { type: 'string' } },
      'x-kubernetes-validations': [
        { rule: "self.dns__dash__name.endsWith('.example.com')" },
        { rule: 'self.namespace == self.__namespace__' },
      ],
    };
    expect(errs(schema, { 'dns-name': 'a.example.com', namespace: 'ns' })).toEqual([]);
    expect(errs(schema, { 'dns-name': 'a.example.org', namespace: 'ns' })).toEqual([
      `<nil>: Invalid value: "object": failed rule: self.dns__dash__name.endsWith('.example.com')`,
    ]);
  });

  it('treats a nullable field set to null as absent, as kube does', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        note: { type: 'string', nullable: true },
        labels: { type: 'object', additionalProperties: { type: 'string', nullable: true } },
      },
      'x-kubernetes-validations': [
        { rule: '!has(self.note)', message: 'note is set' },
        { rule: "'a' in self.labels", message: 'a map keeps its null values' },
      ],
    };
    expect(errs(schema, { note: null, labels: { a: null } })).toEqual([]);
    expect(errs(schema, { note: 'x', labels: {} })).toEqual([
      '<nil>: Invalid value: "object": note is set',
      '<nil>: Invalid value: "object": a map keeps its null values',
    ]);
  });

  it('provides the format library, optional.ofNonZeroValue and string() of timestamps in rules', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        at: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      'x-kubernetes-validations': [
        {
          rule: '!format.dns1123Label().validate(self.name).hasValue()',
          messageExpression: 'format.dns1123Label().validate(self.name).value()[0]',
        },
        { rule: "string(self.at) == '2024-01-02T03:04:05Z'" },
        { rule: 'optional.ofNonZeroValue(self.tags).hasValue()', message: 'tags must not be empty' },
      ],
    };
    expect(errs(schema, { name: 'web', at: '2024-01-02T03:04:05Z', tags: ['a'] })).toEqual([]);
    expect(errs(schema, { name: 'Web', at: '2024-01-02T03:04:05.000Z', tags: [] })).toEqual([
      `<nil>: Invalid value: "object": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      '<nil>: Invalid value: "object": tags must not be empty',
    ]);
  });

  it('gives duration-format strings to rules as durations, and datetime-format ones as strings, as kube types them', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        timeout: { type: 'string', format: 'duration' },
        every: { type: 'string', format: 'duration' },
        stamp: { type: 'string', format: 'datetime' },
      },
      'x-kubernetes-validations': [
        { rule: 'self.timeout > duration("1m") && string(self.timeout) == "90s"', message: 'timeout' },
        { rule: 'self.every == duration("48h")', message: 'every' },
        { rule: 'optional.ofNonZeroValue(self.timeout).hasValue()', message: 'zero' },
        { rule: "self.stamp.startsWith('2024')", message: 'stamp' },
      ],
    };
    expect(validateCRDVersionSchema(schema, 'spec.validation.openAPIV3Schema', false)).toEqual([]);
    expect(errs(schema, { timeout: '1m30s', every: '2 days', stamp: '2024-01-02T03:04:05Z' })).toEqual([]);
    expect(errs(schema, { timeout: '0s', every: '1w', stamp: '2025-01-02T03:04:05Z' })).toEqual([
      '<nil>: Invalid value: "object": timeout',
      '<nil>: Invalid value: "object": every',
      '<nil>: Invalid value: "object": zero',
      '<nil>: Invalid value: "object": stamp',
    ]);
  });

  it("stops at kube's per-call cost limit and runtime cost budget, with kube's texts", () => {
    const rule = 'self.names.all(x, self.names.exists_one(y, y == x))';
    const schema = (copies: number): JSONSchemaProps => ({
      type: 'object',
      properties: { names: { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 8 } } },
      'x-kubernetes-validations': Array.from({ length: copies }, () => ({ rule })),
    });
    // Within the estimated limits at CRD create (8,007,003 for 1,000 names of up to 8 characters)...
    expect(validateCRDVersionSchema(schema(1), 'spec.validation.openAPIV3Schema', false)).toEqual([]);
    const names = (n: number) => ({ names: Array.from({ length: n }, (_, i) => `n${i}`) });
    expect(errs(schema(1), names(100))).toEqual([]);
    // ...but one evaluation over 1,000 actual names costs more than the per-call limit.
    expect(errs(schema(1), names(1000))).toEqual([
      `<nil>: Invalid value: "object": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${rule}`,
    ]);
    // 400 names cost 802,803 per evaluation: twelve fit the 10,000,000 budget, the thirteenth does not.
    expect(errs(schema(12), names(400))).toEqual([]);
    expect(errs(schema(13), names(400))).toEqual([
      '<nil>: Invalid value: "object": validation failed due to running out of cost budget, no further validation rules will be run',
    ]);
  });

  it('prices each evaluation by its own values, a rule on list items included', () => {
    const rule = 'self.names.all(x, self.names.exists_one(y, y == x))';
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        groups: {
          type: 'array',
          items: {
            type: 'object',
            properties: { names: { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 8 } } },
            'x-kubernetes-validations': [{ rule }],
          },
        },
      },
    };
    const group = (n: number) => ({ names: Array.from({ length: n }, (_, i) => `n${i}`) });
    const overLimit = (i: number) =>
      `groups[${i}]: Invalid value: "object": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${rule}`;
    // The same rule object, priced for small and large values in turn.
    expect(errs(schema, { groups: [group(10), group(100), group(10)] })).toEqual([]);
    expect(errs(schema, { groups: [group(10), group(1000)] })).toEqual([overLimit(1)]);
    expect(errs(schema, { groups: [group(100), group(10)] })).toEqual([]);
    expect(errs(schema, { groups: [group(1000)] })).toEqual([overLimit(0)]);
  });

  it('reports a spent cost budget at the next node with rules of its own', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-validations': [{ rule: 'self.a == 1' }],
          properties: {
            a: { type: 'integer' },
            sub: {
              type: 'object',
              properties: { x: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 5' }] } },
            },
          },
        },
      },
    };
    // `self.a == 1` costs 2: it spends a budget of 2, and the rule on spec.sub.x finds none left.
    expect(
      validateRules(schema, { spec: { a: 1, sub: { x: 1 } } }, undefined, { costBudget: 2 }).map(formatFieldError),
    ).toEqual([
      'spec.sub.x: Invalid value: "integer": validation failed due to running out of cost budget, no further validation rules will be run',
    ]);
  });

  it('correlates the properties of an atomic map with the old ones for oldSelf, as kube 1.32 does', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-map-type': 'atomic',
          properties: {
            mode: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }] },
          },
        },
      },
    };
    expect(errs(schema, { spec: { mode: 'B' } }, { spec: { mode: 'A' } })).toEqual([
      'spec.mode: Invalid value: "string": immutable',
    ]);
  });

  it('correlates map-list items by key for oldSelf', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, size: { type: 'integer' } },
            'x-kubernetes-validations': [{ rule: 'self.size >= oldSelf.size', message: 'size may not shrink' }],
          },
        },
      },
    };
    const old = {
      items: [
        { name: 'a', size: 5 },
        { name: 'b', size: 5 },
      ],
    };
    expect(
      errs(
        schema,
        {
          items: [
            { name: 'b', size: 4 },
            { name: 'c', size: 1 },
          ],
        },
        old,
      ),
    ).toEqual(['items[0]: Invalid value: "object": size may not shrink']);
  });
});

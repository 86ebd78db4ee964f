import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import { validateCRDVersionSchema } from './apiextensions-schema.js';
import { certificateSchema, serviceMonitorSchema } from './apiextensions.test-support.js';
import { formatFieldError } from './field-errors.js';

const PATH = 'spec.validation.openAPIV3Schema';
const check = (schema: JSONSchemaProps, status = false) =>
  validateCRDVersionSchema(schema, PATH, status).map(formatFieldError);
const withSpec = (spec: JSONSchemaProps): JSONSchemaProps => ({ type: 'object', properties: { spec } });

describe('validateCRDVersionSchema', () => {
  it('accepts structural real-world schemas', () => {
    expect(check(certificateSchema(), true)).toEqual([]);
    expect(check(serviceMonitorSchema())).toEqual([]);
  });

  it('refuses non-structural schemas as kube-apiserver does', () => {
    expect(check(withSpec({ properties: { replicas: { type: 'integer' } } }))).toEqual([
      `${PATH}.properties[spec].type: Required value: must not be empty for specified object fields`,
    ]);
    expect(check(withSpec({ type: 'array' }))).toEqual([
      `${PATH}.properties[spec].items: Required value: must be specified`,
    ]);
    expect(check({ properties: {} })).toEqual([`${PATH}.type: Required value: must not be empty at the root`]);
    expect(
      check(withSpec({ type: 'object', anyOf: [{ type: 'object', properties: { x: { type: 'string' } } }] })),
    ).toEqual([
      `${PATH}.properties[spec].anyOf[0].properties[x].type: Forbidden: must be empty to be structural`,
      `${PATH}.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural`,
    ]);
  });

  it('restricts metadata at the root to name and generateName', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
    };
    expect(check(schema)).toEqual([
      `${PATH}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ]);
    expect(
      check({
        type: 'object',
        properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } } },
      }),
    ).toEqual([]);
  });

  it('checks int-or-string, preserve-unknown-fields and embedded resources', () => {
    expect(
      check(withSpec({ type: 'object', 'x-kubernetes-preserve-unknown-fields': false } as JSONSchemaProps)),
    ).toEqual([
      `${PATH}.properties[spec].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`,
    ]);
    expect(
      check(withSpec({ 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true })),
    ).toEqual([
      `${PATH}.properties[spec].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true`,
    ]);
    expect(check(withSpec({ type: 'object', 'x-kubernetes-embedded-resource': true }))).toEqual([
      `${PATH}.properties[spec].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
    ]);
  });

  it('checks list-type map keys and forbids uniqueItems', () => {
    const list: JSONSchemaProps = {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      items: { type: 'object', properties: { name: { type: 'string' } } },
    };
    expect(check(withSpec({ type: 'object', properties: { ports: list } }))).toEqual([
      `${PATH}.properties[spec].properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
    ]);
    list['x-kubernetes-list-map-keys'] = ['name'];
    expect(check(withSpec({ type: 'object', properties: { ports: list } }))).toEqual([
      `${PATH}.properties[spec].properties[ports].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
    ]);
    expect(check(withSpec({ type: 'array', items: { type: 'string' }, uniqueItems: true }))).toEqual([
      `${PATH}.properties[spec].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
    ]);
  });

  it('requires defaults that validate, are pruned-stable, and stay out of metadata', () => {
    expect(
      check(withSpec({ type: 'object', properties: { size: { type: 'integer', minimum: 1, default: 0 } } })),
    ).toEqual([
      `${PATH}.properties[spec].properties[size].default: Invalid value: 0:  in body should be greater than or equal to 1`,
    ]);
    expect(
      check(withSpec({ type: 'object', properties: { a: { type: 'string' } }, default: { a: 'x', b: 'y' } })),
    ).toEqual([`${PATH}.properties[spec].default: Invalid value: {"a":"x","b":"y"}: must not have unknown fields`]);
    expect(check({ type: 'object', properties: { metadata: { type: 'object', default: { name: 'x' } } } })).toEqual([
      `${PATH}.properties[metadata].default: Forbidden: must not be set in top-level metadata`,
    ]);
  });

  it('checks a default against its rules as an update from itself and as a create', () => {
    const size = (rule: string) => ({
      type: 'integer',
      default: 1,
      'x-kubernetes-validations': [{ rule, optionalOldSelf: true }],
    });
    expect(check(withSpec({ type: 'object', properties: { size: size('self >= oldSelf.orValue(1)') } }))).toEqual([]);
    expect(check(withSpec({ type: 'object', properties: { size: size('oldSelf.hasValue()') } }))).toEqual([
      `${PATH}.properties[spec].properties[size].default: Invalid value: "integer": failed rule: oldSelf.hasValue()`,
    ]);
  });

  it('allows only kube root fields when the status subresource is enabled', () => {
    expect(check({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, true)).toEqual([]);
    expect(check({ type: 'object', additionalProperties: { type: 'string' } }, true)[0]).toContain(
      'only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled',
    );
  });

  it('refuses rules that do not compile, or call a Kubernetes function Wheelhouse lacks, with kube texts', () => {
    const spec = (rule: string): JSONSchemaProps =>
      withSpec({ type: 'object', properties: { name: { type: 'string' } }, 'x-kubernetes-validations': [{ rule }] });
    expect(check(spec('self.name.startsWith('))).toEqual([
      `${PATH}.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.name.startsWith(", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:22: Syntax error: Unexpected token: EOF\n | self.name.startsWith(\n | .....................^`,
    ]);
    expect(check(spec('optional.of(self.name).optMap(n, n + "x").hasValue()'))[0]).toContain(
      "function 'optMap' is a Kubernetes CEL library function that Wheelhouse does not implement",
    );
    // isSemver arrives with Kubernetes 1.33: 1.32 does not know it.
    expect(check(spec('isSemver(self.name)'))[0]).toContain(
      "compilation failed: ERROR: <input>:1:9: undeclared reference to 'isSemver' (in container '')",
    );
  });

  it('type-checks rules against the schema of their node, the root seeing apiVersion, kind and metadata', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('web') && self.spec.replicas >= 0" }],
      properties: {
        spec: {
          type: 'object',
          properties: { replicas: { type: 'integer' } },
          'x-kubernetes-validations': [{ rule: 'self.replicsa <= 10' }, { rule: "self.replicas == 'x'" }],
        },
      },
    };
    expect(check(schema)).toEqual([
      `${PATH}.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.replicsa <= 10", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:5: undefined field 'replicsa'\n | self.replicsa <= 10\n | ....^`,
      `${PATH}.properties[spec].x-kubernetes-validations[1].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.replicas == 'x'", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:15: found no matching overload for '_==_' applied to '(int, string)'\n | self.replicas == 'x'\n | ..............^`,
    ]);
  });

  it("refuses rules whose estimated cost exceeds kube's budgets, per rule and for the whole schema", () => {
    const HINT =
      '(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)';
    const tags = (rule: string, maxItems?: number): JSONSchemaProps =>
      withSpec({
        type: 'object',
        properties: {
          tags: { type: 'array', maxItems, items: { type: 'string' }, 'x-kubernetes-validations': [{ rule }] },
        },
      });
    // Over budget on its own, the rule also takes the schema's total over: kube reports both.
    const overBudget = (rulePath: string, totalFactor = 'more than 100x') => [
      `${rulePath}: Forbidden: estimated rule cost exceeds budget by factor of more than 100x ${HINT}`,
      `${rulePath}: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      `${PATH}: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of ${totalFactor} ${HINT}`,
    ];
    const tagsRule = `${PATH}.properties[spec].properties[tags].x-kubernetes-validations[0].rule`;
    expect(check(tags('self.all(x, self.exists(y, x == y))'))).toEqual(overBudget(tagsRule));
    expect(check(tags('self.all(x, self.exists(y, x == y))', 100))).toEqual(overBudget(tagsRule, '31.5x'));
    expect(check(tags('self.all(x, self.exists(y, x.size() == y.size()))', 100))).toEqual([]);
    // A rule on list items runs once per item: its cost times the items a request can hold.
    const items = withSpec({
      type: 'object',
      properties: {
        names: {
          type: 'array',
          items: { type: 'string', 'x-kubernetes-validations': [{ rule: "self.matches('^[a-z]+$')" }] },
        },
      },
    });
    expect(check(items)).toEqual(
      overBudget(`${PATH}.properties[spec].properties[names].items.x-kubernetes-validations[0].rule`),
    );
    const many = withSpec({
      type: 'object',
      properties: { n: { type: 'array', items: { type: 'number' } } },
      'x-kubernetes-validations': Array.from({ length: 17 }, () => ({ rule: 'self.n.all(x, x == 0.0)' })),
    });
    const total = check(many);
    expect(total).toHaveLength(5);
    expect(total.slice(0, 4)).toEqual(
      [0, 1, 2, 3].map(
        (i) =>
          `${PATH}.properties[spec].x-kubernetes-validations[${i}].rule: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      ),
    );
    expect(total[4]).toBe(
      `${PATH}: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of 1.069547x ${HINT}`,
    );
  });

  it("counts a rule's estimated cost even when its messageExpression does not compile", () => {
    const schema = withSpec({
      type: 'object',
      properties: {
        tags: {
          type: 'array',
          items: { type: 'string' },
          'x-kubernetes-validations': [{ rule: 'self.all(x, self.exists(y, x == y))', messageExpression: "'a' +" }],
        },
      },
    });
    const at = `${PATH}.properties[spec].properties[tags].x-kubernetes-validations[0]`;
    const errs = check(schema);
    expect(errs[0]).toContain(`${at}.rule: Forbidden: estimated rule cost exceeds budget`);
    expect(errs[1]).toContain(`${at}.messageExpression: Invalid value: `);
    expect(errs[1]).toContain('messageExpression compilation failed: ERROR: <input>:1:');
    expect(errs.at(-1)).toContain(`${PATH}: Forbidden: x-kubernetes-validations estimated rule cost total`);
  });

  it('allows oldSelf under an atomic map, whose properties correlate (kube 1.32 MapIsCorrelatable)', () => {
    const schema = withSpec({
      type: 'object',
      'x-kubernetes-map-type': 'atomic',
      properties: { name: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] } },
    });
    expect(check(schema)).toEqual([]);
  });

  it('refuses oldSelf where old values do not correlate, and optionalOldSelf without oldSelf', () => {
    const schema = withSpec({
      type: 'object',
      properties: {
        tags: {
          type: 'array',
          maxItems: 10, // within kube's cost budget for comparing strings of any length
          items: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }] },
        },
        name: { type: 'string', 'x-kubernetes-validations': [{ rule: "self != ''", optionalOldSelf: true }] },
      },
    });
    expect(check(schema)).toEqual([
      `${PATH}.properties[spec].properties[tags].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${PATH}.properties[spec].properties[tags]`,
      `${PATH}.properties[spec].properties[name].x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule`,
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../schema/apiextensions-v1.js';
import { typeCheckRule } from './type-check.js';

const spec: JSONSchemaProps = {
  type: 'object',
  properties: {
    replicas: { type: 'integer' },
    ratio: { type: 'number' },
    name: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    ports: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
    },
    startAt: { type: 'string', format: 'date-time' },
    timeout: { type: 'string', format: 'duration' },
    data: { type: 'string', format: 'byte' },
    port: { 'x-kubernetes-int-or-string': true },
    namespace: { type: 'string' },
    'dns-name': { type: 'string' },
    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    template: {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      'x-kubernetes-preserve-unknown-fields': true,
    },
  },
};
const root: JSONSchemaProps = { type: 'object', properties: { spec } };

const problems = (r: { error?: string | undefined; messageError?: string | undefined }) => ({
  error: r.error,
  messageError: r.messageError,
});
const fine = { error: undefined, messageError: undefined };
const check = (rule: string, schema = spec, resourceRoot = false) =>
  problems(typeCheckRule({ rule }, schema, resourceRoot));
const error = (rule: string, schema = spec, resourceRoot = false) => check(rule, schema, resourceRoot).error;

describe('typeCheckRule', () => {
  it('accepts rules over the declared fields, with kube types for formats, maps, lists and int-or-string', () => {
    for (const rule of [
      'self.replicas <= 10 && self.ratio < 1.5 && self.name.startsWith("a")',
      'self.tags.all(t, t.size() < 10) && self.labels.all(k, self.labels[k] != "") && self.labels.x == "y"',
      'self.ports.exists(p, p.port == 80) && self.ports[0] == self.ports[0]',
      'self.startAt < timestamp("2030-01-01T00:00:00Z") && self.timeout > duration("1s") && self.data.size() > 0',
      'self.port == 80 || self.port == "http"',
      'self.namespace == self.__namespace__ && self.dns__dash__name != ""',
      'self.template.kind == "Pod" && self.template.metadata.name != ""',
      'has(self.name) && self.?name.orValue("") != "" && self.replicas > 1.0',
      'string(self.startAt) != "" && self != null',
      '!format.dns1123Label().validate(self.name).hasValue() && ip.isCanonical(self.name)',
      'cidr(self.name).masked() == cidr(self.name) && optional.ofNonZeroValue(self.tags).hasValue()',
    ])
      expect(check(rule), rule).toEqual(fine);
  });

  it("refuses a field the schema does not declare with cel-go's undefined field, at its selection", () => {
    expect(error('self.replicsa > 1')).toBe(
      "compilation failed: ERROR: <input>:1:5: undefined field 'replicsa'\n | self.replicsa > 1\n | ....^",
    );
    expect(error('self.ports.all(p, p.prot > 0)')).toContain("ERROR: <input>:1:20: undefined field 'prot'");
    expect(error('has(self.nmae)')).toContain("ERROR: <input>:1:4: undefined field 'nmae'");
    expect(error('self.?nmae.hasValue()')).toContain("undefined field 'nmae'");
    // Unknown fields of a preserve-unknown-fields object, and metadata beyond name/generateName, are not reachable.
    expect(error('self.extra.anything == 1')).toContain("undefined field 'anything'");
    expect(error('has(self.template.spec)')).toContain("undefined field 'spec'");
    expect(error('has(self.metadata.namespace)', root, true)).toContain("undefined field 'namespace'");
    expect(error('self.spec.replicas > 0 && self.metadata.name != ""', root, true)).toBeUndefined();
    expect(error('self.metadata.name != ""', root, false)).toContain("undefined field 'metadata'");
  });

  it("refuses operators and functions on the wrong types with cel-go's found no matching overload", () => {
    expect(error("self.replicas == 'x'")).toBe(
      "compilation failed: ERROR: <input>:1:15: found no matching overload for '_==_' applied to '(int, string)'\n | self.replicas == 'x'\n | ..............^",
    );
    expect(error('self.name.startsWith(1)')).toContain(
      "ERROR: <input>:1:21: found no matching overload for 'startsWith' applied to 'string.(int)'",
    );
    expect(error('self.tags + self.name == []')).toContain(
      "found no matching overload for '_+_' applied to '(list(string), string)'",
    );
    expect(error("self['name'] == 'a'")).toContain(
      "ERROR: <input>:1:5: found no matching overload for '_[_]' applied to '(selfType, string)'",
    );
    expect(error('self.replicas && true')).toContain("ERROR: <input>:1:5: expected type 'bool' but found 'int'");
    expect(error('self.tags.name == "a"')).toContain("type 'list(string)' does not support field selection");
    expect(error('self.nope == 1 || unknown')).toContain("undefined field 'nope'");
    expect(error('unknown == 1')).toContain("undeclared reference to 'unknown' (in container '')");
  });

  it('requires list and map literals of one type, except as format() arguments, as kube does', () => {
    // kube's own case (apiextensions-apiserver validation_test.go).
    expect(error("[1, 'a', false].filter(x, string(x) == 'a').size() > 0")).toBe(
      "compilation failed: ERROR: <input>:1:5: expected type 'int' but found 'string'\n | [1, 'a', false].filter(x, string(x) == 'a').size() > 0\n | ....^",
    );
    expect(error("{'a': 1, 'b': 'x'}.size() > 0")).toContain(
      "ERROR: <input>:1:15: expected type 'int' but found 'string'",
    );
    expect(error("'%s has %d replicas'.format([self.name, self.replicas]) != ''")).toBeUndefined();
    expect(error('[[1], []].size() == 2 && [self.name, "x"].size() == 2')).toBeUndefined();
  });

  it('refuses duration and timestamp literals that do not convert and patterns that do not compile, at the literal', () => {
    // kube's own cases (apiextensions-apiserver validation_test.go).
    expect(error("duration('1') > duration('1s')")).toContain('ERROR: <input>:1:10: invalid duration argument');
    expect(error("duration('1us') < duration('1nns')")).toContain('ERROR: <input>:1:28: invalid duration argument');
    expect(error("timestamp('1000-00-00T00:00:00Z') < self.startAt")).toContain(
      'ERROR: <input>:1:11: invalid timestamp argument',
    );
    expect(error("self.name.matches(')')")).toContain('ERROR: <input>:1:19: invalid matches argument');
    expect(error("self.name.matches('^a+$') && duration('1h30m') > self.timeout")).toBeUndefined();
  });

  it('requires a bool rule and a string messageExpression by their declared types', () => {
    const message = 'format.dns1123Label().validate(self.name).value()[0]';
    expect(problems(typeCheckRule({ rule: 'true', messageExpression: message }, spec, false))).toEqual(fine);
    expect(error('self.replicas')).toBe('cel expression must evaluate to a bool');
    expect(typeCheckRule({ rule: 'true', messageExpression: 'self.replicas' }, spec, false).messageError).toBe(
      'messageExpression must evaluate to a string',
    );
    expect(typeCheckRule({ rule: 'true', messageExpression: 'self.nmae' }, spec, false).messageError).toContain(
      "messageExpression compilation failed: ERROR: <input>:1:5: undefined field 'nmae'",
    );
  });

  it('types oldSelf as optional with optionalOldSelf', () => {
    const rule = { rule: 'oldSelf.hasValue() && oldSelf.value().replicas <= self.replicas', optionalOldSelf: true };
    expect(problems(typeCheckRule(rule, spec, false))).toEqual(fine);
    expect(problems(typeCheckRule({ rule: 'oldSelf.replicas <= self.replicas' }, spec, false))).toEqual(fine);
  });
});

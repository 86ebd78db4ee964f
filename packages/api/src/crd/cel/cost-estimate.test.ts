import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../schema/apiextensions-v1.js';
import { typeCheckRule } from './type-check.js';

const maxCost = (schema: JSONSchemaProps, rule: string) => typeCheckRule({ rule }, schema, false).maxCost;
const array = (items: JSONSchemaProps, maxItems?: number): JSONSchemaProps => ({ type: 'array', items, maxItems });
const map = (values: JSONSchemaProps, maxProperties?: number): JSONSchemaProps => ({
  type: 'object',
  additionalProperties: values,
  maxProperties,
});
const str = (maxLength?: number): JSONSchemaProps => ({ type: 'string', maxLength });

// Expected figures are kube 1.32's (apiextensions-apiserver compilation_test.go TestCostEstimation).
describe('estimated rule cost', () => {
  it('multiplies a macro by the estimated size of its range, from maxItems/maxProperties or the request size', () => {
    expect(maxCost(array({ type: 'number' }), 'self.all(x, true)')).toBe(4718591);
    expect(maxCost(array({ type: 'number' }, 10), 'self.all(x, true)')).toBe(32);
    expect(maxCost(array(str()), 'self.all(x, true)')).toBe(3145727);
    expect(maxCost(array({ type: 'boolean' }), 'self.all(x, true)')).toBe(1887437);
    expect(maxCost(map({ type: 'number' }), 'self.all(x, true)')).toBe(1348169);
    expect(maxCost(map(str()), 'self.all(x, true)')).toBe(1179647);
    expect(maxCost(array({ 'x-kubernetes-int-or-string': true }), 'self.all(x, true)')).toBe(4718591);
    expect(maxCost(array({ type: 'number' }), 'self.all(x, x == 0.0)')).toBe(6291454);
    expect(maxCost(array({ type: 'number' }, 10), 'self.all(x, self.all(y, true))')).toBe(352);
    expect(maxCost(array({ type: 'number' }, 10), 'self.all(x, self.all(y, self.all(z, true)))')).toBe(3552);
  });

  it('prices string work by length: contains, matches, concatenation, equality', () => {
    expect(maxCost(str(), "self.contains('test')")).toBe(314574);
    expect(maxCost(str(10), "self.contains('test')")).toBe(5);
    expect(maxCost(str(), "self.startsWith('test')")).toBe(2);
    expect(maxCost(str(), 'self.matches("x")')).toBe(314574);
    expect(maxCost(str(50), 'self.matches("x")')).toBe(22);
    expect(maxCost(str(), 'self.matches("")')).toBe(1);
    expect(maxCost(str(), '"".matches("(((((((((())))))))))[0-9]")')).toBe(7);
    expect(maxCost(str(), 'size(self + "hello") > size("hello")')).toBe(314578);
    expect(maxCost(str(4), 'size(self + "hello") > size("hello")')).toBe(7);
    expect(maxCost(array(str()), 'self[1] == self[1]')).toBe(314577);
    expect(maxCost(array({ type: 'number' }), 'self[1] == 0.0')).toBe(2);
    expect(maxCost(array({ 'x-kubernetes-int-or-string': true }), 'self[0] == 5')).toBe(3);
    expect(maxCost(map({ type: 'number' }), 'has(self.x)')).toBe(0);
  });

  it('walks map keys and values as kube does', () => {
    expect(maxCost(map(str()), 'self.all(x, x.contains(self[x]))')).toBe(2752507);
    expect(maxCost(array(map({ type: 'number' })), 'self.all(x, x.y == 25.2)')).toBe(6291452);
    expect(maxCost(array(map({ type: 'number' })), 'self[0].x > 2.0')).toBe(4);
  });
});

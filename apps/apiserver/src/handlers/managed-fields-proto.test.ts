/**
 * recordUpdate over managedFields a client may have stored, with `__proto__` keys as
 * JSON.parse makes them (own keys) and `f:__proto__` fields: nothing reaches Object.prototype,
 * and the entries come out as plain objects.
 */
import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@wheelhouse/api';
import { recordUpdate } from './managed-fields.js';
import { guardPrototype } from './prototype.test-support.js';
import { isRecord } from '../object.js';
import { resourceDef } from '../registry/registry.js';

const configMaps = resourceDef('', 'configmaps');

const entry = (manager: string, fieldsV1: string): string =>
  `{"manager":"${manager}","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":${fieldsV1}}`;

const configMap = (entries: string[], data: string): ApiObject =>
  JSON.parse(
    `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","managedFields":[${entries.join(',')}]},"data":${data}}`,
  ) as ApiObject;

/** Every node of a FieldsV1 tree, the root included. */
function nodesOf(tree: unknown): unknown[] {
  return isRecord(tree) ? [tree, ...Object.keys(tree).flatMap((k) => nodesOf(tree[k]))] : [];
}

describe('recordUpdate over client FieldsV1 with __proto__ keys', () => {
  guardPrototype();

  it('prunes other managers by own fields only and keeps the writer its own keys, as plain objects', () => {
    const current = configMap(
      [
        entry(
          'other',
          '{"__proto__":{"polluted":{}},"f:data":{"__proto__":{"polluted":{}},"f:a":{},"f:b":{},"f:__proto__":{}}}',
        ),
        entry('writer', '{"__proto__":{"polluted":{}},"f:data":{"__proto__":{"polluted":{}},"f:c":{}}}'),
      ],
      '{"a":"1","b":"1","c":"1"}',
    );
    const next = structuredClone(current);
    next.data = { a: '2', b: '1', c: '1' };
    recordUpdate(configMaps, current, next, 'writer', undefined, 0);
    const [other, writer] = next.metadata.managedFields!;
    // Not a field of the object: neither the raw __proto__ keys nor f:__proto__ (data has no own __proto__).
    expect(JSON.stringify(other!.fieldsV1)).toBe('{"f:data":{"f:b":{}}}');
    expect(JSON.stringify(writer!.fieldsV1)).toBe(
      '{"__proto__":{"polluted":{}},"f:data":{"__proto__":{"polluted":{}},"f:c":{},"f:a":{}}}',
    );
    for (const node of [...nodesOf(other!.fieldsV1), ...nodesOf(writer!.fieldsV1)])
      expect(Object.getPrototypeOf(node)).toBe(Object.prototype);
  });

  it('keeps a write that changes nothing from storing managedFields Kubernetes would not decode', () => {
    const current = configMap([], '{"a":"1"}');
    delete current.metadata.managedFields;
    const bad = configMap([entry('m', '{"f:data":{"__proto__":{"polluted":{}}}}')], '{"a":"1"}');
    recordUpdate(configMaps, current, bad, 'm', undefined, 0);
    expect(bad.metadata.managedFields).toBeUndefined();
    const good = configMap([entry('m', '{"f:data":{"f:a":{},"f:__proto__":{}}}')], '{"a":"1"}');
    const sent = good.metadata.managedFields;
    recordUpdate(configMaps, current, good, 'm', undefined, 0);
    expect(good.metadata.managedFields).toBe(sent);
  });
});

import { describe, expect, it } from 'vitest';
import { fieldSetOf, fieldsV1Of, fromFieldsV1, isStatusPath, removeAt, toFieldsV1, valueAt } from './field-sets.js';
import { CANARY, guardPrototype } from './prototype.test-support.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', labels: { app: 'web' }, finalizers: ['a/b', 'c/d'], uid: 'x' },
  spec: {
    containers: [
      { name: 'app', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], args: ['-v'], resources: {} },
    ],
    tolerations: [{ key: 'k', operator: 'Exists' }],
    nodeSelector: {},
  },
  status: { phase: 'Pending' },
};

describe('field sets', () => {
  it('fieldsV1Of builds the same FieldsV1 as toFieldsV1(fieldSetOf()), without the skipped top-level fields', () => {
    const all = fieldSetOf(pod, 'Pod');
    const noStatus = new Set([...all].filter((p) => !isStatusPath(p)));
    expect(fieldsV1Of(pod, 'Pod', new Set(['status']))).toEqual(toFieldsV1(noStatus));
    expect(fieldsV1Of(pod, 'Pod', new Set())).toEqual(toFieldsV1(all));
  });

  it('records list elements by merge key, set-like lists by value, and only the owned metadata', () => {
    const v1 = fieldsV1Of(pod, 'Pod', new Set()) as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(v1['f:metadata']!).sort()).toEqual(['f:finalizers', 'f:labels']);
    expect(v1['f:metadata']!['f:finalizers']).toEqual({ 'v:"a/b"': {}, 'v:"c/d"': {} });
    const c = v1['f:spec']!['f:containers'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(c)).toEqual(['k:{"name":"app"}']);
    expect(c['k:{"name":"app"}']).toMatchObject({ '.': {}, 'f:image': {}, 'f:args': {}, 'f:resources': {} });
    expect(fromFieldsV1(v1)).toEqual(fieldSetOf(pod, 'Pod'));
  });
});

describe('field sets of client FieldsV1 with __proto__ keys (as JSON.parse makes them)', () => {
  guardPrototype();

  it('toFieldsV1(fromFieldsV1(x)) gives x back with __proto__ as an own key, on no prototype but Object.prototype', () => {
    const text = '{"__proto__":{"polluted":{}},"f:data":{"__proto__":{"polluted":{}},"f:k":{}}}';
    const back = toFieldsV1(fromFieldsV1(JSON.parse(text)));
    expect(JSON.stringify(back)).toBe(text);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(back['f:data'])).toBe(Object.prototype);
  });

  it('records a field named __proto__ as f:__proto__', () => {
    const cm = JSON.parse('{"metadata":{"labels":{"__proto__":"x"}},"data":{"__proto__":"y"}}') as Record<
      string,
      unknown
    >;
    const v1 = fieldsV1Of(cm, 'ConfigMap', new Set());
    expect(JSON.stringify(v1)).toBe('{"f:metadata":{"f:labels":{"f:__proto__":{}}},"f:data":{"f:__proto__":{}}}');
  });

  it('resolves f:__proto__ and k: segments by own keys only, never to Object.prototype', () => {
    expect(valueAt({ spec: {} }, '["f:spec","f:__proto__"]')).toBeUndefined();
    expect(valueAt({ list: [{}] }, '["f:list","k:{\\"__proto__\\":{}}"]')).toBeUndefined();
    const own = JSON.parse('{"spec":{"__proto__":{"a":1}}}') as unknown;
    expect(valueAt(own, '["f:spec","f:__proto__","f:a"]')).toBe(1);
  });

  it('removeAt deletes nothing from Object.prototype, only an own __proto__ field', () => {
    const obj = { spec: { a: 1 } };
    removeAt(obj, JSON.stringify(['f:__proto__', `f:${CANARY}`]));
    removeAt(obj, JSON.stringify(['f:spec', 'f:__proto__', `f:${CANARY}`]));
    expect(obj).toEqual({ spec: { a: 1 } });
    const own = JSON.parse('{"spec":{"__proto__":{"a":1,"b":2}}}') as { spec: Record<string, unknown> };
    removeAt(own, '["f:spec","f:__proto__","f:a"]');
    expect(JSON.stringify(own)).toBe('{"spec":{"__proto__":{"b":2}}}');
  });
});

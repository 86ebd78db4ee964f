import { describe, expect, it } from 'vitest';
import { fieldSetOf, fieldsV1Of, fromFieldsV1, isStatusPath, toFieldsV1 } from './field-sets.js';

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

import { describe, expect, it } from 'vitest';
import { decodeObject, dropNulls, formatFieldPath, strictDecodingMessage, unknownFields } from './decode.js';
import { DeploymentSchema } from './schema/apps-v1.js';
import { PodSchema } from './schema/core-v1-pod.js';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'nginx', resources: {}, ports: [{ containerPort: 80 }] }] },
  status: {},
};

describe('unknownFields', () => {
  it('finds nothing in a valid pod, treating nulls as unset', () => {
    expect(unknownFields(PodSchema, pod)).toEqual([]);
  });

  it('reports unknown fields with their JSON paths in Kubernetes notation', () => {
    const bad = {
      ...pod,
      foo: 1,
      spec: { ...pod.spec, bar: true, containers: [{ name: 'app', image: 'nginx', imagePullPolicyy: 'Always' }] },
    };
    expect(unknownFields(PodSchema, bad).sort()).toEqual(['foo', 'spec.bar', 'spec.containers[0].imagePullPolicyy']);
  });

  it('reports deeply nested unknown fields of a deployment template', () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: {},
          spec: { containers: [{ name: 'a', image: 'x', livenessProbe: { httpGet: { port: 80, pth: '/' } } }] },
        },
      },
    };
    expect(unknownFields(DeploymentSchema, d)).toEqual(['spec.template.spec.containers[0].livenessProbe.httpGet.pth']);
  });
});

describe('decodeObject', () => {
  it('decodes a valid object and drops nulls', () => {
    const res = decodeObject(PodSchema, pod);
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.value.metadata).toEqual({ name: 'web', labels: { app: 'web' } });
  });

  it("fails Strict decoding with Kubernetes' message", () => {
    const res = decodeObject(PodSchema, { ...pod, spec: { ...pod.spec, foo: 1 } }, 'Strict');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.message).toBe('strict decoding error: unknown field "spec.foo"');
  });

  it('drops unknown fields with warnings under Warn', () => {
    const res = decodeObject(PodSchema, { ...pod, spec: { ...pod.spec, foo: 1 } }, 'Warn');
    expect(res.ok).toBe(true);
    if (res.ok) {
      expect(res.warnings).toEqual(['unknown field "spec.foo"']);
      expect(res.value.spec).not.toHaveProperty('foo');
    }
  });

  it('drops unknown fields silently under Ignore', () => {
    const res = decodeObject(PodSchema, { ...pod, extra: 'x' }, 'Ignore');
    expect(res.ok && res.warnings.length === 0 && !('extra' in res.value)).toBe(true);
  });

  it('rejects wrong JSON types whatever the mode', () => {
    const res = decodeObject(
      PodSchema,
      { ...pod, spec: { containers: [{ name: 'a', ports: [{ containerPort: '80' }] }] } },
      'Ignore',
    );
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues[0]?.path).toBe('spec.containers[0].ports[0].containerPort');
  });

  it('accepts int-or-string and quantities in both forms', () => {
    const body = {
      ...pod,
      spec: {
        containers: [
          {
            name: 'a',
            image: 'x',
            resources: { limits: { cpu: 1, memory: '64Mi' } },
            readinessProbe: { httpGet: { port: 'http' } },
          },
        ],
      },
    };
    expect(decodeObject(PodSchema, body).ok).toBe(true);
  });

  it('does not mutate its input', () => {
    const input = structuredClone({ ...pod, bogus: 1 });
    decodeObject(PodSchema, input, 'Ignore');
    expect(input).toHaveProperty('bogus', 1);
  });
});

describe('helpers', () => {
  it('formats paths', () => {
    expect(formatFieldPath(['spec', 'containers', 0, 'ports', 1, 'name'])).toBe('spec.containers[0].ports[1].name');
  });
  it('joins several unknown fields', () => {
    expect(strictDecodingMessage(['a', 'b.c'])).toBe('strict decoding error: unknown field "a", unknown field "b.c"');
  });
  it('drops null properties but keeps array elements', () => {
    expect(dropNulls({ a: null, b: [1, null], c: { d: null, e: 1 } })).toEqual({ b: [1, null], c: { e: 1 } });
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deepFreeze } from '@wheelhouse/machinery';
import { decodeChanged } from './decode-changed.js';
import { decodeObject, type FieldValidationMode } from './decode.js';
import { PodSchema, type Pod } from './schema/core-v1-pod.js';

/** A stored pod: what a status patch applies to. */
const stored = (): Pod => {
  const res = decodeObject(PodSchema, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', uid: 'u1', resourceVersion: '7', labels: { app: 'web' } },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '100m' } } }],
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] },
  });
  if (!res.ok) throw new Error(res.message);
  return res.value;
};

/** The pod with `change` applied to a copy, as a patch gives it. */
const patched = (change: (p: Record<string, any>) => void): Record<string, any> => {
  const copy = structuredClone(stored()) as Record<string, any>;
  change(copy);
  return copy;
};

/** decodeChanged against the (frozen, as the watch cache's) stored pod, next to decodeObject of the same value. */
function both(value: unknown, mode: FieldValidationMode = 'Strict') {
  const prior = deepFreeze(stored());
  return { changed: decodeChanged(PodSchema, value, prior, mode), whole: decodeObject(PodSchema, value, mode) };
}

describe('decodeChanged', () => {
  it('decodes a status patch to what a whole decode gives, fields in the same order', () => {
    const { changed, whole } = both(
      patched((p) => {
        p.status = {
          phase: 'Running',
          podIP: '10.0.0.5',
          conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }],
        };
      }),
    );
    expect(changed.ok).toBe(true);
    expect(changed).toEqual(whole);
    expect(JSON.stringify(changed.ok && changed.value)).toBe(JSON.stringify(whole.ok && whole.value));
  });

  it("gives a whole decode's error for a changed field that does not decode", () => {
    const { changed, whole } = both(patched((p) => (p.status.phase = 5)));
    expect(changed.ok).toBe(false);
    expect(changed).toEqual(whole);
  });

  it("gives a whole decode's strict error and warnings for unknown fields, nested or at the top", () => {
    for (const change of [
      (p: Record<string, any>) => (p.status.bogus = 1),
      (p: Record<string, any>) => (p.extra = {}),
    ]) {
      for (const mode of ['Strict', 'Warn', 'Ignore'] as const) {
        const { changed, whole } = both(patched(change), mode);
        expect(changed).toEqual(whole);
      }
    }
    const strict = both(patched((p) => (p.status.bogus = 1))).changed;
    expect(strict.ok === false && strict.message).toBe('strict decoding error: unknown field "status.bogus"');
  });

  it('treats nulls and removed fields as a whole decode does', () => {
    for (const change of [
      (p: Record<string, any>) => (p.status = null),
      (p: Record<string, any>) => delete p.status,
      (p: Record<string, any>) => (p.spec.containers[0].image = null),
    ]) {
      const { changed, whole } = both(patched(change));
      expect(changed).toEqual(whole);
    }
  });

  it("keeps the value's unchanged fields, never the prior object's", () => {
    const value = patched((p) => (p.status.phase = 'Running'));
    const res = decodeChanged(PodSchema, value, deepFreeze(stored()));
    expect(res.ok && res.value.spec).toBe(value.spec);
    expect(Object.isFrozen(res.ok && res.value.metadata)).toBe(false);
  });

  it('decodes wholly with number literals to check or a schema that is not a strict object', () => {
    const value = patched((p) => (p.spec.containers[0].resources.requests.cpu = '200m'));
    const literals = new Map([['/spec/terminationGracePeriodSeconds', '1.0']]);
    expect(decodeChanged(PodSchema, value, stored(), 'Strict', { numberLiterals: literals })).toEqual(
      decodeObject(PodSchema, value, 'Strict', { numberLiterals: literals }),
    );
    const loose = z.object({ a: z.number().optional() });
    expect(decodeChanged(loose, { a: 1, b: 2 }, { a: 1 })).toEqual(decodeObject(loose, { a: 1, b: 2 }));
  });
});

import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@wheelhouse/api';
import { objectBytes } from './object.js';

describe('objectBytes', () => {
  it("keeps a frozen (cached) object's JSON in memory of its own, so it pins no shared slab", () => {
    const obj = Object.freeze({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'small' } }) as ApiObject;
    const bytes = objectBytes(obj);
    expect(JSON.parse(bytes.toString())).toEqual(obj);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
    expect(objectBytes(obj)).toBe(bytes);
  });

  it('serializes an object that may still change afresh each time', () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'open' } } as ApiObject;
    const first = objectBytes(obj);
    obj.metadata.name = 'changed';
    expect(JSON.parse(objectBytes(obj).toString()).metadata.name).toBe('changed');
    expect(first.toString()).toContain('"open"');
  });
});
